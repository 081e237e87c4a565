package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static final HttpHandler ADMIN = exchange -> { };
  private static final HttpHandler BLOCKS = exchange -> { };
  private static final HttpHandler HEALTH = exchange -> { };
  private final RouteTable table = RouteTable.of(Map.of("/admin", ADMIN, "/admin/blocks", BLOCKS, "/health", HEALTH),
      "/ws");

  private HttpHandler handlerOf(String path) {
    RouteTable.Route route = table.find(path);
    return route == null ? null : route.handler();
  }

  @Test
  void takesThePrefixAndWhatLiesBeneathItOnASegmentBoundary() {
    assertThat(handlerOf("/admin")).isSameAs(ADMIN);
    assertThat(handlerOf("/admin/")).isSameAs(ADMIN);
    assertThat(handlerOf("/admin/connections/7")).isSameAs(ADMIN);
    assertThat(handlerOf("/health")).isSameAs(HEALTH);
    assertThat(handlerOf("/administrator")).isNull();
    assertThat(handlerOf("/healthz")).isNull();
    assertThat(handlerOf("/")).isNull();
    assertThat(handlerOf("/ws")).isNull();
  }

  @Test
  void theLongestPrefixWins() {
    assertThat(handlerOf("/admin/blocks")).isSameAs(BLOCKS);
    assertThat(handlerOf("/admin/blocks/10.0.0.1")).isSameAs(BLOCKS);
    assertThat(handlerOf("/admin/blocksx")).isSameAs(ADMIN);
    assertThat(table.find("/admin/blocks/x").prefix()).isEqualTo("/admin/blocks");
  }

  @Test
  void refusesPrefixesThatDoNotStartWithASlash() {
    assertThatThrownBy(() -> RouteTable.of(Map.of("admin", ADMIN), "/ws"))
        .hasMessage("Cannot mount the HTTP routes: 'admin' must start with '/'");
    assertThatThrownBy(() -> RouteTable.of(Map.of("", ADMIN), "/ws")).hasMessageContaining("'' must start with '/'");
  }

  @Test
  void refusesSpellingsThatCouldNameOnePrefixTwice() {
    for (String prefix : new String[] {"/", "/admin/", "//admin", "/admin//x", "/./admin", "/admin/..", "/a%2Fb",
        "/a b", "/admin?x"}) {
      assertThatThrownBy(() -> RouteTable.of(Map.of(prefix, ADMIN), "/ws"))
          .as(prefix)
          .hasMessageContaining("'" + prefix + "' must be one or more non-empty segments");
    }
  }

  @Test
  void refusesAPrefixEqualToOrAboveTheWebSocketPath() {
    assertThatThrownBy(() -> RouteTable.of(Map.of("/ws", ADMIN), "/ws"))
        .hasMessage("Cannot mount the HTTP routes: '/ws' must not equal or contain the WebSocket path '/ws'");
    assertThatThrownBy(() -> RouteTable.of(Map.of("/api", ADMIN), "/api/v1/ws"))
        .hasMessageContaining("'/api' must not equal or contain the WebSocket path '/api/v1/ws'");
    assertThat(RouteTable.of(Map.of("/wsx", ADMIN, "/ws/admin", BLOCKS), "/ws").find("/wsx")).isNotNull();
  }

  @Test
  void namesEveryRefusedPrefixInOneMessage() {
    assertThatThrownBy(() -> RouteTable.of(Map.of("x", ADMIN, "/ws", BLOCKS, "/fine", HEALTH), "/ws"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'x' must start with '/'")
        .hasMessageContaining("'/ws' must not equal")
        .message().doesNotContain("'/fine'");
  }
}
