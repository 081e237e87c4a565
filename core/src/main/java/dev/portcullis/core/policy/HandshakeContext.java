package dev.portcullis.core.policy;

import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One handshake on its way through the pipeline: the request and what earlier policies learnt about
 * it (who the client is, which connection slots it holds). Confined to one handshake at a time, so
 * not thread-safe, and needing no locks.
 */
public final class HandshakeContext {

  private final HandshakeRequest request;
  private final List<Lease> leases = new ArrayList<>();
  private Principal principal;
  private boolean authenticationDeferred;

  public HandshakeContext(HandshakeRequest request) {
    this.request = Objects.requireNonNull(request, "request");
  }

  public HandshakeRequest request() {
    return request;
  }

  /** Who the client is, once an authentication policy has said so. */
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  public void authenticated(Principal who) {
    this.principal = Objects.requireNonNull(who, "who");
  }

  /** The socket will authenticate with its first message (CONTRACT §2, {@code WS_AUTH_TIMEOUT}). */
  public void deferAuthentication() {
    this.authenticationDeferred = true;
  }

  public boolean authenticationDeferred() {
    return authenticationDeferred;
  }

  /**
   * Keeps a connection slot for the life of the connection. The pipeline releases every held lease
   * when a later policy refuses; the transport releases them when the connection closes.
   */
  public void hold(Lease lease) {
    leases.add(Objects.requireNonNull(lease, "lease"));
  }

  public List<Lease> leases() {
    return List.copyOf(leases);
  }
}
