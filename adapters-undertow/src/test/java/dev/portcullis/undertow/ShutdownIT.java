package dev.portcullis.undertow;

import static dev.portcullis.undertow.UpgradeProtocolIT.assertBareJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A drain closes every socket {@code 1001 shutdown}, refuses new upgrades, then stops Undertow. */
class ShutdownIT {

  @Test
  void closesOpenSocketsWith1001AndReturnsOnceTheyAreGone() throws Exception {
    TestServer server = TestServer.start();
    WsClient first = WsClient.connect(server.uri());
    WsClient second = WsClient.connect(server.uri());
    Eventually.equals("open sockets", 2, server.transport::openSockets);

    long start = System.nanoTime();
    server.transport.stop(Duration.ofSeconds(5));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(first.awaitClose()).isEqualTo(new WsClient.Close(1001, "shutdown"));
    assertThat(second.awaitClose()).isEqualTo(new WsClient.Close(1001, "shutdown"));
    assertThat(server.handler.nextClosed().code()).isEqualTo(1001);
    assertThat(server.totalLeases()).isZero();
    assertThat(server.registry().connections()).isEmpty();
    assertThatThrownBy(() -> RawHttp.send(server.port(), RawHttp.upgrade(server.path())))
        .isInstanceOf(IOException.class);
  }

  @Test
  void refusesNewUpgradesWhileDrainingAndClosesSilentSocketsAfterTheGrace() throws Exception {
    TestServer server = TestServer.start(b -> b, TransportTuning.defaults().withCloseTimeout(Duration.ofSeconds(30)));
    try (RawWebSocket silent = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      assertThat(silent.handshake().status()).isEqualTo(101);
      Eventually.equals("open sockets", 1, server.transport::openSockets);

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.transport.stop(Duration.ofSeconds(2)));

      assertThat(silent.readFrame().closeCode()).isEqualTo(1001); // and it never answers
      RawResponse refused = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));
      assertBareJson(refused, 503, "shutting_down");
      assertThat(stopping).isNotDone();

      stopping.get(10, TimeUnit.SECONDS);
      assertThat(silent.closedByServer()).isTrue();
    }
    assertThat(server.totalLeases()).isZero();
    assertThat(server.transport.openSockets()).isZero();
  }

  @Test
  void stopsOnlyOnce() throws Exception {
    TestServer server = TestServer.start();
    server.transport.stop(Duration.ofSeconds(1));
    server.transport.stop(Duration.ofSeconds(1));
    assertThatThrownBy(server.transport::start).isInstanceOf(IllegalStateException.class);
  }
}
