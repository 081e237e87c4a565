package dev.portcullis.core.testing;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.OpenConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link OpenConnection} that records how it was closed. Thread-safe. */
public final class TestConnection implements OpenConnection {

  /** One call of {@link #close(int, String)}. */
  public record Close(int code, String reason) {}

  private final String id;
  private final ClientAddress client;
  private final Instant openedAt;
  private final List<Close> closes = new CopyOnWriteArrayList<>();

  public TestConnection(String id, ClientAddress client, Instant openedAt) {
    this.id = id;
    this.client = client;
    this.openedAt = openedAt;
  }

  public static TestConnection from(String id, String address) {
    return new TestConnection(id, Addresses.client(address), MutableClock.ALIGNED_START);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ClientAddress client() {
    return client;
  }

  @Override
  public Optional<Principal> principal() {
    return Optional.empty();
  }

  @Override
  public Instant openedAt() {
    return openedAt;
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
    closes.add(new Close(code, reason));
  }

  public List<Close> closes() {
    return List.copyOf(closes);
  }

  @Override
  public String toString() {
    return "TestConnection[" + id + ", " + client + "]";
  }
}
