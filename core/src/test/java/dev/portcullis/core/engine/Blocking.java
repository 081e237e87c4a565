package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.model.CidrSet;
import java.time.Duration;
import java.util.Set;

/** Blocking configurations for engine tests, starting from the contract's defaults. */
final class Blocking {

  private Blocking() {}

  static BlockingConfig defaults() {
    return with(CidrSet.EMPTY, Set.of());
  }

  static BlockingConfig dryRun(String... policies) {
    return with(CidrSet.EMPTY, Set.of(policies));
  }

  static BlockingConfig allowlist(String cidrs) {
    return with(CidrSet.parse(cidrs), Set.of());
  }

  static BlockingConfig durations(Duration base, Duration max) {
    return new BlockingConfig(base, max, 5, Duration.ofSeconds(300), 50, CidrSet.EMPTY, Set.of());
  }

  private static BlockingConfig with(CidrSet allowlist, Set<String> dryRun) {
    return new BlockingConfig(Duration.ofSeconds(300), Duration.ofSeconds(86_400), 5, Duration.ofSeconds(300), 50,
        allowlist, dryRun);
  }
}
