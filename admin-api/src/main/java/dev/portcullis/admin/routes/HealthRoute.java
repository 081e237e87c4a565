package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.core.port.HealthCheck;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: the node is live whenever it answers; it is ready when every dependency's
 * {@link HealthCheck} is. {@code status} is {@code up} when all are ready, {@code down} when none is,
 * {@code degraded} in between; the answer is {@code 200} when ready and {@code 503} otherwise, so a load
 * balancer can act on the status alone. A check that throws counts as not ready ({@code check_failed}),
 * its exception in the server log only. Thread-safe.
 */
public final class HealthRoute {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRoute.class);
  private final List<HealthCheck> checks;

  public HealthRoute(List<HealthCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  public Answer get(AdminRequest request) {
    Map<String, HealthCheck.Status> results = new TreeMap<>();
    for (HealthCheck check : checks) {
      results.put(check.name(), statusOf(check));
    }
    long ready = results.values().stream().filter(HealthCheck.Status::ready).count();
    boolean allReady = ready == results.size();
    String status = allReady ? "up" : ready == 0 ? "down" : "degraded";
    return Answer.json(allReady ? 200 : 503, new Health(status, true, allReady, results));
  }

  private static HealthCheck.Status statusOf(HealthCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      LOG.error("Health check {} failed", check.name(), e);
      return new HealthCheck.Status(false, "check_failed");
    }
  }

  record Health(String status, boolean live, boolean ready, Map<String, HealthCheck.Status> checks) {}
}
