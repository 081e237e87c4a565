package dev.portcullis.quickstart;

import dev.portcullis.admin.checklist.CheckItem;
import dev.portcullis.admin.checklist.CheckStatus;
import dev.portcullis.admin.checklist.Checklist;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.PortcullisConfig;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor}: the security checklist for the configuration the environment gives, one item per
 * point with its status, title, reason and the variable to change. Exit status 0 when nothing fails, 1
 * when something does, 2 when the configuration does not even start. Never prints a secret: the items
 * only ever name lengths. Stateless.
 */
final class DoctorCommand {

  static final String USAGE = "usage: doctor   (reads the WS_* variables of the environment)";

  private DoctorCommand() {}

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (!args.isEmpty()) {
      err.println("doctor: takes no arguments, it reads the environment");
      err.println(USAGE);
      return Quickstart.BAD_CONFIGURATION;
    }
    PortcullisConfig config;
    try {
      config = PortcullisConfig.fromEnvironment(env);
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return Quickstart.BAD_CONFIGURATION;
    }
    List<CheckItem> items = Checklist.evaluate(config);
    Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
    for (CheckItem item : items) {
      counts.merge(item.status(), 1, Integer::sum);
      out.printf("%-4s  %s  [%s]%n", item.status(), item.title(), item.variable());
      out.printf("      %s%n", item.reason());
    }
    int failed = counts.getOrDefault(CheckStatus.FAIL, 0);
    out.printf("%d pass, %d warn, %d fail%n", counts.getOrDefault(CheckStatus.PASS, 0),
        counts.getOrDefault(CheckStatus.WARN, 0), failed);
    out.flush();
    return failed > 0 ? 1 : 0;
  }
}
