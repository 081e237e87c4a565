/**
 * The admin surface: REST routes under {@code /admin}, {@code /health}, Prometheus {@code /metrics} and the
 * dashboard page, mounted on the transport's extra HTTP routes. Entry points:
 * {@link dev.portcullis.admin.AdminPlugin} (found by {@code ServiceLoader}) and
 * {@link dev.portcullis.admin.AdminModule}.
 */
package dev.portcullis.admin;
