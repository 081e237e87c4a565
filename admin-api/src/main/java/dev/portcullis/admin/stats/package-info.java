/**
 * What the admin surface counts: {@link dev.portcullis.admin.stats.TrafficStatistics} (the traffic meter on
 * both paths), {@link dev.portcullis.admin.stats.SecurityStatistics} and
 * {@link dev.portcullis.admin.stats.EventRing} (security event sinks), and
 * {@link dev.portcullis.admin.stats.AdminMetrics} (the Prometheus gauges).
 */
package dev.portcullis.admin.stats;
