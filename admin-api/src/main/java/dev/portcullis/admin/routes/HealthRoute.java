package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.core.model.CidrSet;
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
 * its exception in the server log only. Anyone may ask (load balancers do), but only callers inside
 * {@code WS_ADMIN_ALLOWED_IPS} read each check's detail: to the rest a detail such as "admitting without
 * shared limits" would tell an attacker when to strike, so they see {@code ready} or {@code not_ready}.
 * Thread-safe.
 */
public final class HealthRoute {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRoute.class);
  private final List<HealthCheck> checks;
  private final CidrSet operators;

  /** @param operators who may read each check's detail ({@code WS_ADMIN_ALLOWED_IPS}) */
  public HealthRoute(List<HealthCheck> checks, CidrSet operators) {
    this.checks = List.copyOf(checks);
    this.operators = operators;
  }

  public Answer get(AdminRequest request) {
    boolean detailed = operators.contains(request.caller().client().address());
    Map<String, HealthCheck.Status> results = new TreeMap<>();
    for (HealthCheck check : checks) {
      HealthCheck.Status status = statusOf(check);
      results.put(check.name(), detailed ? status
          : new HealthCheck.Status(status.ready(), status.ready() ? "ready" : "not_ready"));
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
