/**
 * Shared state on Redis, so that many nodes enforce one policy. Entry points: {@link
 * dev.portcullis.redis.RedisPlugin} (installed by {@code ServiceLoader} when {@code WS_STATE=redis}),
 * {@link dev.portcullis.redis.RedisStateModule} and {@link dev.portcullis.redis.RedisOptions} for programs
 * that assemble a node themselves, and {@link dev.portcullis.redis.RedisState}, a node's link to Redis.
 * The adapters are {@link dev.portcullis.redis.LettuceRateLimiter}, {@link
 * dev.portcullis.redis.LettuceBlockList}, {@link dev.portcullis.redis.LettuceRevocationList}, {@link
 * dev.portcullis.redis.LettuceConnectionRegistry} and
 * {@link dev.portcullis.redis.LettuceReplayGuard}; every Redis call goes through {@link
 * dev.portcullis.redis.RedisGuard}. The block list and the revocation list keep their node mirrors in
 * step with Redis through one {@code VersionedMirror}. The Lua scripts beside the classes hold the atomic steps; the key
 * layout is in {@code Keys} and {@code docs/scaling.md}.
 */
package dev.portcullis.redis;
