package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the Prometheus text exposition of the node's meters. Thread-safe. */
public final class MetricsRoute {

  /** The Prometheus text format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsRoute(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public Answer get(AdminRequest request) {
    return Answer.text(200, CONTENT_TYPE, registry.scrape());
  }
}
