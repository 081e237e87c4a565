package dev.portcullis.admin.http;

import dev.portcullis.core.model.ClientAddress;
import java.util.Objects;

/**
 * Who made an admin request: the address it came from (trusted proxies applied) and, once the token is
 * checked, the actor recorded with every change (the admin token's subject, or {@code static-token}).
 *
 * @param actor {@code null} on routes that need no token
 */
public record Caller(ClientAddress client, String actor) {

  /** The actor name of the static {@code WS_ADMIN_TOKEN}. */
  public static final String STATIC_TOKEN = "static-token";

  public Caller {
    Objects.requireNonNull(client, "client");
  }
}
