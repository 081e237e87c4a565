package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding the binary: a missing one fails with the way to install it, never a skip. */
class RedisServerTest {

  @TempDir
  Path dir;

  @Test
  void aMissingBinaryFailsNamingTheDebianPackage() {
    assertThatThrownBy(() -> RedisServer.binary(Map.of("PATH", dir.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-server is not installed")
        .hasMessageContaining("apt-get install redis-server")
        .hasMessageContaining("$REDIS_SERVER");
  }

  @Test
  void aRedisServerVariableNamingNoExecutableIsRefusedByName() throws Exception {
    Path notABinary = Files.writeString(dir.resolve("redis-server"), "not a program");

    assertThatThrownBy(() -> RedisServer.binary(Map.of("REDIS_SERVER", notABinary.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("$REDIS_SERVER=" + notABinary + " is not an executable redis-server");
  }

  @Test
  void theBinaryIsFoundOnThePath() throws Exception {
    Path binary = Files.writeString(dir.resolve("redis-server"), "#!/bin/sh\n");
    assertThat(binary.toFile().setExecutable(true)).isTrue();

    assertThat(RedisServer.binary(Map.of("PATH", "/nonexistent" + File.pathSeparator + dir)))
        .isEqualTo(binary);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "p@ss:word", "white space"})
  void aPasswordThatCannotStandInAUriAsItIsIsRefusedWithoutBeingEchoed(String password) {
    assertThatThrownBy(() -> RedisServer.builder().password(password))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a redis-server password must be letters, digits, '.', '_', '~' or '-' (it goes into the URI as "
            + "it is), and not empty");
  }
}
