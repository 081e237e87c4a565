package dev.portcullis.admin.routes;

import static dev.portcullis.admin.http.Route.Access.NETWORK;
import static dev.portcullis.admin.http.Route.Access.PUBLIC;
import static dev.portcullis.admin.http.Route.Access.TOKEN;

import dev.portcullis.admin.http.Route;
import dev.portcullis.admin.http.Router;
import java.util.List;

/** The admin surface's route table, in one place. {@code docs/admin-api.yaml} documents exactly these. */
public final class AdminRoutes {

  private AdminRoutes() {}

  public static Router router(StatisticsRoute statistics, BlockRoutes blocks, RevocationRoutes revocations,
      ConnectionRoutes connections, EventRoutes events, ChecklistRoute checklist, HealthRoute health,
      MetricsRoute metrics, DashboardRoute dashboard) {
    return new Router(List.of(
        Route.of("GET", "/admin/websocket-security", TOKEN, statistics::get),
        Route.of("GET", "/admin/blocks", TOKEN, blocks::list),
        Route.of("POST", "/admin/blocks", TOKEN, blocks::add),
        Route.of("DELETE", "/admin/blocks/{target}", TOKEN, blocks::lift),
        Route.of("GET", "/admin/revocations", TOKEN, revocations::list),
        Route.of("POST", "/admin/revocations", TOKEN, revocations::add),
        Route.of("GET", "/admin/connections", TOKEN, connections::list),
        Route.of("DELETE", "/admin/connections/{id}", TOKEN, connections::kick),
        Route.of("GET", "/admin/events", TOKEN, events::list),
        Route.of("GET", "/admin/checklist", TOKEN, checklist::get),
        Route.of("GET", "/admin/", NETWORK, dashboard::index),
        new Route("GET", "/admin/{file}", NETWORK, DashboardRoute.FILE_NAME, dashboard::file),
        Route.of("GET", "/metrics", NETWORK, metrics::get),
        Route.of("GET", "/health", PUBLIC, health::get)));
  }
}
