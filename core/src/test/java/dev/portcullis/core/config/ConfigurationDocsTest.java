package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md true: every variable the reader understands is documented. */
class ConfigurationDocsTest {

  @Test
  void everyVariableIsDocumentedInTheConfigurationGuide() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "configuration.md"));

    assertThat(EnvironmentReader.variables())
        .isNotEmpty()
        .allSatisfy(variable -> assertThat(guide).contains("`" + variable + "`"));
  }
}
