/**
 * Benchmarks of shared state on Redis: {@link dev.portcullis.bench.redis.HandshakeDecisionBenchmark}
 * judges handshakes with in-memory state and with a local {@code redis-server} (the testkit's
 * {@link dev.portcullis.testkit.RedisServer}).
 */
package dev.portcullis.bench.redis;
