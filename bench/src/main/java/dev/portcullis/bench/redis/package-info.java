/**
 * Benchmarks of shared state on Redis: {@link dev.portcullis.bench.redis.HandshakeDecisionBenchmark}
 * judges handshakes with in-memory state and with a local {@code redis-server}
 * ({@link dev.portcullis.bench.redis.RedisProcess}).
 */
package dev.portcullis.bench.redis;
