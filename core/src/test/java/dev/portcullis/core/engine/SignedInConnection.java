package dev.portcullis.core.engine;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.OpenConnection;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An {@link OpenConnection} of a signed-in subject that records how it was closed. Thread-safe. */
final class SignedInConnection implements OpenConnection {

  private final TestConnection delegate;
  private final Principal principal;

  private SignedInConnection(String id, String address, Principal principal) {
    this.delegate = TestConnection.from(id, address);
    this.principal = principal;
  }

  /** A connection from {@code address} whose token says {@code subject}, {@code jti} and {@code iat}. */
  static SignedInConnection of(String id, String address, String subject, String tokenId, Instant issuedAt) {
    return new SignedInConnection(id, address, new Principal(subject, null, Set.of(), tokenId, issuedAt,
        MutableClock.ALIGNED_START.plusSeconds(3_600)));
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public ClientAddress client() {
    return delegate.client();
  }

  @Override
  public Optional<Principal> principal() {
    return Optional.of(principal);
  }

  @Override
  public Instant openedAt() {
    return delegate.openedAt();
  }

  @Override
  public long messagesIn() {
    return 0;
  }

  @Override
  public long messagesOut() {
    return 0;
  }

  @Override
  public int queued() {
    return 0;
  }

  @Override
  public void close(int code, String reason) {
    delegate.close(code, reason);
  }

  List<TestConnection.Close> closes() {
    return delegate.closes();
  }
}
