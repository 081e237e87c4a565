package dev.portcullis.admin.http;

import java.util.List;

/**
 * A request body or parameter that breaks a rule; the surface answers {@code 400} with the names of the
 * offending fields. Thrown by body parsing and by routes' own checks; carries no stack trace, since it
 * is an answer, not a fault.
 */
public final class BadRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<String> fields;

  public BadRequest(List<String> fields) {
    super("bad request: " + fields, null, false, false);
    this.fields = List.copyOf(fields);
  }

  public static BadRequest of(String... fields) {
    return new BadRequest(List.of(fields));
  }

  public List<String> fields() {
    return fields;
  }
}
