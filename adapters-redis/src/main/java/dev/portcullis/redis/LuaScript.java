package dev.portcullis.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lua script of this module, run by its SHA-1 ({@code EVALSHA}: the script body crosses the wire
 * once per server). A server that does not know it yet (a fresh, restarted or failed-over server, or
 * another Cluster node) answers {@code NOSCRIPT}, and the script is sent whole once ({@code EVAL}, which
 * also caches it there). Immutable and thread-safe.
 */
final class LuaScript {

  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  /**
   * The script {@code name.lua} beside this class, after the {@code libraries} it calls (their
   * {@code .lua} sources, in order): one algorithm, such as the sliding window, written once and run by
   * every script that needs it.
   */
  static LuaScript load(String name, String... libraries) {
    StringBuilder source = new StringBuilder();
    for (String library : libraries) {
      source.append(read(library)).append('\n');
    }
    return new LuaScript(name, source.append(read(name)).toString());
  }

  private static String read(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("script " + name + ".lua is missing from the adapters-redis jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + name + ".lua", e);
    }
  }

  String name() {
    return name;
  }

  String sha() {
    return sha;
  }

  /** Runs the script on {@code keys} (all in one Cluster slot) with {@code args}. */
  <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
      String[] keys, String... args) {
    return run(redis, type, true, keys, args);
  }

  /**
   * Runs the script only if the server already knows it; otherwise loads it for next time and answers
   * {@code null} without running it. For steps whose order against other commands matters: a fallback
   * {@code EVAL} would reach the server after commands sent later (a heartbeat would write back a lease
   * released meanwhile), whereas skipping one heartbeat is harmless.
   */
  <T> CompletableFuture<T> runIfLoaded(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
      String[] keys, String... args) {
    return run(redis, type, false, keys, args);
  }

  private <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
      boolean evalIfMissing, String[] keys, String... args) {
    CompletableFuture<T> result = new CompletableFuture<>();
    redis.<T>evalsha(sha, type, keys, args).whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else if (unwrap(error) instanceof RedisNoScriptException && !evalIfMissing) {
        redis.scriptLoad(source).whenComplete((loaded, failure) -> {
          if (failure == null) {
            result.complete(null);
          } else {
            result.completeExceptionally(unwrap(failure));
          }
        });
      } else if (unwrap(error) instanceof RedisNoScriptException) {
        redis.<T>eval(source, type, keys, args).whenComplete((again, failure) -> {
          if (failure == null) {
            result.complete(again);
          } else {
            result.completeExceptionally(unwrap(failure));
          }
        });
      } else {
        result.completeExceptionally(unwrap(error));
      }
    });
    return result;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static String sha1(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + " " + sha + "]";
  }
}
