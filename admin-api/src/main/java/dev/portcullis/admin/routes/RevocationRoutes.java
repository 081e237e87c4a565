package dev.portcullis.admin.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.admin.http.BadRequest;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET/POST /admin/revocations}: revoke one token by its {@code jti}, or every token of a subject
 * issued before a time (now by default). The revocation list closes matching sockets {@code 1008 revoked}
 * and refuses later handshakes with them. A revocation is kept 24 hours unless {@code seconds} says
 * otherwise (at most 30 days): long enough that no token it covers is still valid. Thread-safe.
 */
public final class RevocationRoutes {

  /** How long a revocation is kept when the request does not say. */
  static final Duration DEFAULT_KEPT = Duration.ofHours(24);

  private final RevocationList revocations;
  private final SecurityEvents events;
  private final Clock clock;

  public RevocationRoutes(RevocationList revocations, SecurityEvents events, Clock clock) {
    this.revocations = revocations;
    this.events = events;
    this.clock = clock;
  }

  public Answer list(AdminRequest request) {
    return Answer.ok(Map.of("revocations", revocations.list().stream().map(RevocationView::of).toList()));
  }

  public Answer add(AdminRequest request) throws Exception {
    RevocationRequest body = request.body(RevocationRequest.class);
    if ((body.tokenId() == null) == (body.subject() == null)) {
      throw BadRequest.of("subject", "tokenId");
    }
    Instant now = clock.instant();
    Instant until = now.plus(body.seconds() == null ? DEFAULT_KEPT : Duration.ofSeconds(body.seconds()));
    if (body.tokenId() != null && body.issuedBefore() != null) {
      throw BadRequest.of("issuedBefore");
    }
    Instant issuedBefore = body.subject() == null ? null : body.issuedBefore() == null ? now : body.issuedBefore();
    if (issuedBefore != null && issuedBefore.isAfter(until)) {
      throw BadRequest.of("issuedBefore");
    }
    String reason = body.reason() == null || body.reason().isBlank() ? Limits.DEFAULT_REASON : body.reason();
    Revocation revocation = body.tokenId() != null
        ? new Revocation(Revocation.Kind.TOKEN, body.tokenId(), null, reason, now, until)
        : new Revocation(Revocation.Kind.SUBJECT, body.subject(), issuedBefore, reason, now, until);
    try {
      revocations.revoke(revocation);
    } catch (IllegalStateException full) {
      return Answer.error(503, "revocation_list_full");
    }
    String target = (body.tokenId() != null ? "token:" : "subject:") + revocation.value();
    events.publish(new AdminChange(now, request.caller().client().key(), request.caller().actor(), "revoke", target,
        reason));
    return Answer.json(201, RevocationView.of(revocation));
  }

  /** A revocation as the admin API shows it: {@code tokenId} or {@code subject} (with {@code issuedBefore}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RevocationView(String tokenId, String subject, Instant issuedBefore, String reason, Instant since,
      Instant until) {

    static RevocationView of(Revocation r) {
      boolean token = r.kind() == Revocation.Kind.TOKEN;
      return new RevocationView(token ? r.value() : null, token ? null : r.value(), r.issuedBefore(), r.reason(),
          r.since(), r.until());
    }
  }
}
