package dev.portcullis.redis;

/**
 * The root of this module's exceptions: something went wrong with shared state in Redis. Unchecked; a
 * message names the component and what was observed, never a password or a key's raw content.
 */
public class RedisStateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RedisStateException(String message, Throwable cause) {
    super(message, cause);
  }

  public RedisStateException(String message) {
    super(message);
  }

  protected RedisStateException(String message, Throwable cause, boolean suppression, boolean stackTrace) {
    super(message, cause, suppression, stackTrace);
  }
}
