package dev.portcullis.undertow;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.message.TokenBucket;
import java.util.function.LongSupplier;

/**
 * The message rate of one connection's binary messages ({@code WS_ALLOW_BINARY=true}): the same
 * {@code WS_MAX_MESSAGES_PER_SECOND}, {@code WS_MESSAGE_BURST} and {@code WS_MAX_BYTES_PER_SECOND} as
 * the {@code message-rate} policy applies to text, in buckets of their own. Binary messages have no
 * envelope for the message policies to read, so the transport counts them itself rather than pass a
 * made-up text through the pipeline: a connection may send up to the rate in text and up to the rate in
 * binary. Confined to the connection's IO thread; not thread-safe.
 */
final class BinaryRate {

  private final TokenBucket messages;
  private final TokenBucket bytes;

  BinaryRate(MessageConfig config, LongSupplier nanoTime) {
    this.messages = new TokenBucket(config.maxPerSecond(), config.burst(), nanoTime);
    this.bytes = config.maxBytesPerSecond() > 0
        ? new TokenBucket(config.maxBytesPerSecond(), config.maxBytesPerSecond(), nanoTime)
        : null;
  }

  /** Whether a binary message of {@code size} bytes fits the rate now; if so, it is counted. */
  boolean admit(int size) {
    return messages.tryTake(1) && (bytes == null || bytes.tryTake(size));
  }
}
