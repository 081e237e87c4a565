package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/} and {@code GET /admin/{file}}: the dashboard's files, from the class path directory
 * {@value #DIRECTORY}. Only plain file names with a known extension are served (the route's parameter
 * pattern already refuses anything with a slash, a leading dot or a traversal), each with its own content
 * type; there is no directory listing. The page needs no token: it asks the operator for one. Thread-safe.
 */
public final class DashboardRoute {

  static final String DIRECTORY = "dev/portcullis/admin/dashboard/";
  /** A file name the route accepts: no path, no leading dot, a known-looking extension. */
  public static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*\\.[a-z0-9]{1,8}");
  /** Largest file served. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("txt", "text/plain; charset=utf-8"));

  private final ClassLoader loader = DashboardRoute.class.getClassLoader();

  public Answer index(AdminRequest request) throws IOException {
    return serve("index.html");
  }

  public Answer file(AdminRequest request) throws IOException {
    return serve(request.pathParameter("file"));
  }

  private Answer serve(String name) throws IOException {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = TYPES.get(extension);
    if (type == null || !FILE_NAME.matcher(name).matches()) {
      return Answer.error(404, "not_found");
    }
    try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        return Answer.error(404, "not_found");
      }
      byte[] content = in.readNBytes(MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        return Answer.error(404, "not_found");
      }
      return Answer.file(type, content);
    }
  }
}
