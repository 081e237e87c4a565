package dev.portcullis.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.admin.http.AdminSurface;
import dev.portcullis.testkit.PortcullisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docs/admin-api.yaml} documents every route the running surface has, and nothing else. */
class OpenApiDocumentIT {

  private static final Path DOCUMENT = Path.of("..", "docs", "admin-api.yaml");
  /** Under {@code paths:}, a path is indented two spaces and its operations four. */
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|patch|head|options):.*$");

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server();

  @Test
  void documentsExactlyTheRoutesThatExist() throws IOException {
    Map<String, Set<String>> documented = documented();
    Map<String, Set<String>> served = server.injector().getInstance(AdminSurface.class).router().table();
    assertThat(documented).isEqualTo(served);
  }

  private static Map<String, Set<String>> documented() throws IOException {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    boolean inPaths = false;
    String current = null;
    for (String line : Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8)) {
      if (!line.startsWith(" ") && !line.isBlank()) {
        inPaths = line.equals("paths:");
        current = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher path = PATH.matcher(line);
      Matcher operation = OPERATION.matcher(line);
      if (path.matches()) {
        current = path.group(1);
        out.put(current, new TreeSet<>());
      } else if (operation.matches() && current != null) {
        out.get(current).add(operation.group(1).toUpperCase(Locale.ROOT));
      }
    }
    assertThat(out).as("paths found in %s", DOCUMENT).isNotEmpty();
    return out;
  }
}
