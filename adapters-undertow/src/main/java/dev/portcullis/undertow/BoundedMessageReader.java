package dev.portcullis.undertow;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.xnio.ChannelListener;

/**
 * Reads one whole message (every fragment) from a frame channel, keeping at most {@code limit} bytes:
 * the byte that passes the limit is counted exactly once, the reader tells its sink and throws away the
 * rest of the message without keeping it. Used instead of Undertow's {@code BufferedTextMessage},
 * which counts bytes twice on its asynchronous path (so a fragmented message can be refused at half the
 * limit) and closes with its own reason text instead of {@code message_too_big}. Confined to the
 * socket's IO thread; one instance per message.
 */
final class BoundedMessageReader implements ChannelListener<StreamSourceFrameChannel> {

  /** What a reader reports. Called on the IO thread. */
  interface Sink {
    void text(String text);

    void tooBig();

    void invalidText();

    void failed(IOException e);
  }

  private static final byte[] NONE = new byte[0];
  private static final int FIRST_CAPACITY = 1024;

  private final long limit;
  private final Sink sink;
  private byte[] data = NONE;
  private int size;
  private long total;
  private boolean discarding;

  private BoundedMessageReader(long limit, Sink sink, boolean discarding) {
    this.limit = limit;
    this.sink = sink;
    this.discarding = discarding;
  }

  /** Reads a text message of at most {@code limit} bytes into {@code sink}. */
  static void readText(StreamSourceFrameChannel frames, long limit, Sink sink) {
    new BoundedMessageReader(limit, sink, false).handleEvent(frames);
  }

  /** Reads and drops a whole message (a binary one, while binary is refused). */
  static void discard(StreamSourceFrameChannel frames, Sink sink) {
    new BoundedMessageReader(0, sink, true).handleEvent(frames);
  }

  @Override
  public void handleEvent(StreamSourceFrameChannel frames) {
    PooledByteBuffer pooled = frames.getWebSocketChannel().getBufferPool().allocate();
    try {
      ByteBuffer buffer = pooled.getBuffer();
      for (;;) {
        buffer.clear();
        int read = frames.read(buffer);
        if (read == -1) {
          complete();
          return;
        }
        if (read == 0) {
          frames.getReadSetter().set(this);
          frames.resumeReads();
          return;
        }
        if (discarding) {
          continue;
        }
        total += read;
        if (total > limit) {
          discarding = true;
          data = NONE;
          sink.tooBig();
          continue;
        }
        buffer.flip();
        append(buffer);
      }
    } catch (IOException e) {
      frames.suspendReads();
      sink.failed(e);
    } finally {
      pooled.close();
    }
  }

  private void append(ByteBuffer chunk) {
    int n = chunk.remaining();
    if (size + n > data.length) {
      long grown = Math.max(size + (long) n, Math.max(FIRST_CAPACITY, data.length * 2L));
      data = Arrays.copyOf(data, (int) Math.min(grown, limit));
    }
    chunk.get(data, size, n);
    size += n;
  }

  private void complete() {
    if (discarding) {
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, 0, size))
          .toString();
    } catch (CharacterCodingException e) {
      sink.invalidText();
      return;
    } finally {
      data = NONE;
    }
    sink.text(text);
  }
}
