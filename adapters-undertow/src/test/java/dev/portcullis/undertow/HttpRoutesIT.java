package dev.portcullis.undertow;

import static dev.portcullis.undertow.UpgradeProtocolIT.assertBareJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;
import dev.portcullis.core.inject.HttpRoutes;
import dev.portcullis.core.model.CidrSet;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes another module binds under {@code @HttpRoutes} are served on the WebSocket port: by the
 * longest prefix on a segment boundary, off the IO thread, with the client resolved as the handshake
 * resolves it and bodies up to 16 KiB. The server runs one IO thread, so a route that blocked it would
 * stall every socket.
 */
class HttpRoutesIT {

  private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
  private static final CountDownLatch SLOW_ENTERED = new CountDownLatch(1);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(b -> b.trustedProxies(CidrSet.parse("127.0.0.2/32")),
        new TransportTuning(Duration.ofSeconds(1), 1, Duration.ofMillis(100)), null, routes(Map.of(
            "/admin", describe("admin"),
            "/admin/deep", describe("deep"),
            "/health", describe("health"),
            "/body", HttpRoutesIT::countBody,
            "/slow", HttpRoutesIT::waitForRelease,
            "/fails", exchange -> {
              throw new IllegalStateException("a route's bug, with secret detail");
            })));
  }

  @AfterAll
  static void stop() {
    RELEASE_SLOW.countDown();
    server.close();
  }

  /** A module contributing {@code routes} the way the admin module does. */
  static Module routes(Map<String, HttpHandler> routes) {
    return binder -> {
      MapBinder<String, HttpHandler> map = MapBinder.newMapBinder(binder, String.class, HttpHandler.class,
          HttpRoutes.class);
      routes.forEach((prefix, handler) -> map.addBinding(prefix).toInstance(handler));
    };
  }

  /** Answers what the route saw: its name, relative path, client, thread. */
  static HttpHandler describe(String name) {
    return exchange -> {
      InetSocketAddress source = exchange.getSourceAddress();
      String text = "route=" + name + " relative=" + exchange.getRelativePath() + " path=" + exchange.getRequestPath()
          + " client=" + source.getAddress().getHostAddress() + ":" + source.getPort()
          + " io=" + exchange.isInIoThread() + " thread=" + Thread.currentThread().getName();
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
      exchange.getResponseSender().send(text);
    };
  }

  private static void countBody(HttpServerExchange exchange) throws Exception {
    exchange.startBlocking();
    byte[] body = exchange.getInputStream().readAllBytes();
    exchange.getResponseSender().send("bytes=" + body.length);
  }

  private static void waitForRelease(HttpServerExchange exchange) throws Exception {
    SLOW_ENTERED.countDown();
    boolean released = RELEASE_SLOW.await(10, TimeUnit.SECONDS);
    exchange.getResponseSender().send("released=" + released);
  }

  private static RawResponse get(String target) throws Exception {
    return RawHttp.send(server.port(), RawHttp.request("GET", target));
  }

  @Test
  void aRouteAnswersOnItsPrefixAndEverySubPathWithTheRestAsRelativePath() throws Exception {
    assertThat(get("/admin").body()).startsWith("route=admin relative= path=/admin ");
    assertThat(get("/admin/").body()).startsWith("route=admin relative=/ path=/admin/ ");
    assertThat(get("/admin/blocks?x=1").body()).startsWith("route=admin relative=/blocks path=/admin/blocks ");
    assertThat(get("/health").body()).startsWith("route=health ");
  }

  @Test
  void theLongestPrefixWins() throws Exception {
    assertThat(get("/admin/deep").body()).startsWith("route=deep relative= ");
    assertThat(get("/admin/deep/er").body()).startsWith("route=deep relative=/er ");
    assertThat(get("/admin/deeper").body()).startsWith("route=admin relative=/deeper ");
  }

  @Test
  void neighboursOfAPrefixAndUnknownPathsAreNotFound() throws Exception {
    assertBareJson(get("/administrator"), 404, "not_found");
    assertBareJson(get("/adminx/blocks"), 404, "not_found");
    assertBareJson(get("/Admin"), 404, "not_found");
    assertBareJson(get("/"), 404, "not_found");
    assertBareJson(get("/ws/admin"), 404, "not_found");
  }

  @Test
  void withAnAdminPortTheRoutesLiveThereOnlyAndTheWebSocketPortServesOnlyItsPath() throws Exception {
    TestServer separate = TestServer.start(b -> b.routesPort(0), new TransportTuning(Duration.ofSeconds(1), 1,
        Duration.ofMillis(100)), null, routes(Map.of("/admin", describe("admin"))));
    try {
      int admin = separate.transport.routesPort();
      assertThat(admin).isNotEqualTo(separate.port());
      assertThat(RawHttp.send(admin, RawHttp.request("GET", "/admin/blocks")).body()).startsWith("route=admin ");
      assertBareJson(RawHttp.send(separate.port(), RawHttp.request("GET", "/admin/blocks")), 404, "not_found");
      assertBareJson(RawHttp.send(admin, RawHttp.upgrade(separate.path())), 404, "not_found");
      try (WsClient client = WsClient.connect(separate.uri())) {
        client.send("over the WebSocket port");
        assertThat(client.next()).isEqualTo("over the WebSocket port");
      }
    } finally {
      separate.close();
    }
  }

  @Test
  void theWebSocketEndpointStillUpgradesAndStillRefusesPlainRequests() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("hello");
      assertThat(client.next()).isEqualTo("hello");
    }
    assertBareJson(get(server.path()), 426, "upgrade_required");
  }

  @Test
  void aRouteRunsOffTheIoThreadAndSeesThePeerAsItsClient() throws Exception {
    try (Socket socket = RawHttp.connect(server.port())) {
      socket.getOutputStream().write(RawHttp.request("GET", "/admin").bytes());
      String body = RawHttp.readResponse(socket.getInputStream()).body();
      assertThat(body).contains("client=127.0.0.1:" + socket.getLocalPort(), "io=false", "thread=portcullis-route-");
    }
  }

  @Test
  void aRouteSeesTheForwardedClientOnlyFromATrustedProxy() throws Exception {
    RawHttp.Request forwarded = RawHttp.request("GET", "/admin").header("X-Forwarded-For", "203.0.113.7");
    try (Socket proxy = RawHttp.connectFrom("127.0.0.2", server.port())) {
      proxy.getOutputStream().write(forwarded.bytes());
      assertThat(RawHttp.readResponse(proxy.getInputStream()).body()).contains("client=203.0.113.7:0 ");
    }
    try (Socket stranger = RawHttp.connectFrom("127.0.0.3", server.port())) {
      stranger.getOutputStream().write(forwarded.bytes());
      assertThat(RawHttp.readResponse(stranger.getInputStream()).body()).contains("client=127.0.0.3:");
    }
  }

  @Test
  void aTrustedProxysHopThatNamesNoAddressIsABadRequest() throws Exception {
    for (String[] header : new String[][] {{"X-Forwarded-For", "unknown"}, {"X-Forwarded-For", "_hidden"},
        {"X-Forwarded-For", "203.0.113.7, <script>"}}) {
      try (Socket proxy = RawHttp.connectFrom("127.0.0.2", server.port())) {
        proxy.getOutputStream().write(RawHttp.request("GET", "/admin").header(header[0], header[1]).bytes());
        assertBareJson(RawHttp.readResponse(proxy.getInputStream()), 400, "bad_request");
      }
    }
  }

  @Test
  void aRouteReadsABodyOfUpTo16KiB() throws Exception {
    byte[] body = new byte[16 * 1024];
    RawResponse answer = RawHttp.send(server.port(), RawHttp.request("POST", "/body")
        .header("Content-Length", String.valueOf(body.length)).body(body));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("bytes=16384");
  }

  @Test
  void aDeclaredBodyOver16KiBIsRefused413BeforeTheRouteRuns() throws Exception {
    RawResponse answer = RawHttp.send(server.port(), RawHttp.request("POST", "/body")
        .header("Content-Length", String.valueOf(16 * 1024 + 1)));
    assertBareJson(answer, 413, "content_too_large");
  }

  @Test
  void aChunkedBodyIsRefused411BeforeTheRouteRuns() throws Exception {
    RawResponse answer = RawHttp.send(server.port(), RawHttp.request("POST", "/body")
        .header("Transfer-Encoding", "chunked"));
    assertBareJson(answer, 411, "length_required");
  }

  @Test
  void theUpgradePathKeepsRefusingAnyBody() throws Exception {
    RawResponse answer = RawHttp.send(server.port(), RawHttp.upgrade(server.path())
        .header("Content-Length", "2048").body(new byte[2048]));
    assertBareJson(answer, 400, "bad_request");
  }

  @Test
  void aFailingRouteAnswers500AndItsLogLineCarriesNoHeader() throws Exception {
    try (LogCapture log = LogCapture.everything()) {
      RawResponse answer = RawHttp.send(server.port(), RawHttp.request("GET", "/fails")
          .header("Authorization", "Bearer route-secret-token"));
      assertBareJson(answer, 500, "internal_error");
      assertThat(answer.body()).doesNotContain("secret detail");
      assertThat(log.lines()).anyMatch(line -> line.startsWith(RouteGate.class.getName() + " The HTTP route /fails failed"))
          .noneMatch(line -> line.contains("route-secret-token"));
    }
  }

  @Test
  void aBlockingRouteStallsNeitherTheSocketsNorOtherRoutes() throws Exception {
    try (WsClient client = WsClient.connect(server.uri());
        Socket slow = RawHttp.connect(server.port())) {
      slow.getOutputStream().write(RawHttp.request("GET", "/slow").bytes());
      assertThat(SLOW_ENTERED.await(5, TimeUnit.SECONDS)).isTrue();

      client.send("while a route blocks");
      assertThat(client.next()).isEqualTo("while a route blocks");
      assertThat(get("/health").body()).startsWith("route=health ");

      RELEASE_SLOW.countDown();
      assertThat(RawHttp.readResponse(slow.getInputStream()).body()).isEqualTo("released=true");
    }
  }

  @Test
  void routeWorkersQueueABoundedNumberOfRequestsAndRefuseTheRest503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    int held = RouteWorkers.THREADS + RouteWorkers.QUEUE;
    int excess = 5;
    TestServer busy = TestServer.start(b -> b, TestServer.tuning(), null, routes(Map.of("/stuck", exchange -> {
      boolean released = release.await(10, TimeUnit.SECONDS);
      exchange.getResponseSender().send("released=" + released);
    })));
    ExecutorService readers = Executors.newCachedThreadPool();
    List<Socket> sockets = new ArrayList<>();
    try {
      List<Future<RawResponse>> answers = new ArrayList<>();
      for (int i = 0; i < held + excess; i++) {
        Socket socket = RawHttp.connect(busy.port());
        socket.setSoTimeout(15_000);
        sockets.add(socket);
        socket.getOutputStream().write(RawHttp.request("GET", "/stuck").bytes());
        answers.add(readers.submit(() -> RawHttp.readResponse(socket.getInputStream())));
      }
      Eventually.equals("requests refused while the workers are full", excess,
          () -> answers.stream().filter(Future::isDone).toList().size());
      release.countDown();
      List<RawResponse> all = new ArrayList<>();
      for (Future<RawResponse> answer : answers) {
        all.add(answer.get(15, TimeUnit.SECONDS));
      }
      assertThat(all).filteredOn(r -> r.status() == 503)
          .hasSize(excess)
          .allSatisfy(r -> assertBareJson(r, 503, "unavailable"));
      assertThat(all).filteredOn(r -> r.body().equals("released=true")).hasSize(held);
    } finally {
      release.countDown();
      for (Socket socket : sockets) {
        socket.close();
      }
      readers.shutdownNow();
      busy.close();
    }
  }

  @Test
  void startRefusesBadPrefixesNamingEachOne() {
    TestServer refused = TestServer.assemble(b -> b, TestServer.tuning(), null, routes(Map.of(
        "admin", describe("a"), "/ws", describe("b"), "/", describe("c"), "/x/", describe("d"),
        "/x/../y", describe("e"), "/a b", describe("f"))));
    assertThatThrownBy(refused.transport::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot mount the HTTP routes: ")
        .hasMessageContaining("'admin' must start with '/'")
        .hasMessageContaining("'/ws' must not equal or contain the WebSocket path '/ws'")
        .hasMessageContaining("'/' must be one or more non-empty segments")
        .hasMessageContaining("'/x/' must be")
        .hasMessageContaining("'/x/../y' must be")
        .hasMessageContaining("'/a b' must be");
    assertThatThrownBy(refused.transport::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startRefusesAPrefixAboveTheWebSocketPath() {
    TestServer refused = TestServer.assemble(b -> b.path("/api/ws"), TestServer.tuning(), null,
        routes(Map.of("/api", describe("api"))));
    assertThatThrownBy(refused.transport::start)
        .hasMessage("Cannot mount the HTTP routes: '/api' must not equal or contain the WebSocket path '/api/ws'");
  }

  @Test
  void aPrefixBoundTwiceIsRefusedWhenTheNodeIsAssembled() {
    assertThatThrownBy(() -> TestServer.assemble(b -> b, TestServer.tuning(), null, binder -> {
      routes(Map.of("/admin", describe("one"))).configure(binder);
      routes(Map.of("/admin", describe("two"))).configure(binder);
    })).isInstanceOf(CreationException.class).hasMessageContaining("\"/admin\"");
  }
}
