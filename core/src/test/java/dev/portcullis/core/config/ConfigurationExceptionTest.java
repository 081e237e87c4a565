package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationExceptionTest {

  @Test
  void isBuiltWithoutAStackTrace() {
    ConfigurationException e = new ConfigurationException(List.of(new ConfigViolation("WS_PORT", "abc", "rule")));

    assertThat(e.getStackTrace()).isEmpty();
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement("A", "b", "C.java", 1)});
    assertThat(e.getStackTrace()).as("stack trace is not writable").isEmpty();
  }

  @Test
  void listsOneViolationPerLineAfterACountedHeadline() {
    ConfigurationException e = new ConfigurationException(List.of(
        new ConfigViolation("WS_PORT", "abc", "must be a whole number"),
        new ConfigViolation("WS_PROFILE", "staging", "must be one of production, development")));

    assertThat(e.getMessage().lines()).containsExactly(
        "Portcullis cannot start: 2 configuration errors",
        "  WS_PORT=abc: must be a whole number",
        "  WS_PROFILE=staging: must be one of production, development");
  }

  @Test
  void keepsItsOwnCopyOfTheViolations() {
    List<ConfigViolation> list = new ArrayList<>(List.of(new ConfigViolation("WS_PORT", "abc", "rule")));
    ConfigurationException e = new ConfigurationException(list);

    list.clear();

    assertThat(e.violations()).hasSize(1);
    assertThatThrownBy(() -> e.violations().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
