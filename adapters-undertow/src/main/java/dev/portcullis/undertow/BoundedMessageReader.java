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
 * Reads one whole message (every fragment, after decompression) from a frame channel, keeping at most
 * {@code limit} bytes: the byte that passes the limit is counted exactly once, the reader tells its sink
 * and throws away the rest of the message without keeping it. A refused message is read the same way
 * but kept not at all, still bounded. Used instead of Undertow's {@code BufferedTextMessage}, which
 * counts bytes twice on its asynchronous path (so a fragmented message can be refused at half the
 * limit) and closes with its own reason text instead of {@code message_too_big}. Confined to the
 * socket's IO thread; one instance per message.
 */
final class BoundedMessageReader implements ChannelListener<StreamSourceFrameChannel> {

  /** What a reader reports. Called on the IO thread. */
  interface Sink {
    /** A whole text message of {@code bytes} bytes of UTF-8. */
    void text(String text, int bytes);

    /** A whole binary message; the buffer is read-only. */
    void binary(ByteBuffer data);

    void tooBig();

    void invalidText();

    void failed(IOException e);
  }

  private enum Kind { TEXT, BINARY, DISCARD }

  private static final byte[] NONE = new byte[0];
  private static final int FIRST_CAPACITY = 1024;

  private final Kind kind;
  private final long limit;
  private final Sink sink;
  private byte[] data = NONE;
  private int size;
  private long total;
  private boolean discarding;

  private BoundedMessageReader(Kind kind, long limit, Sink sink) {
    this.kind = kind;
    this.limit = limit;
    this.sink = sink;
    this.discarding = kind == Kind.DISCARD;
  }

  /** Reads a text message of at most {@code limit} bytes into {@code sink}. */
  static void readText(StreamSourceFrameChannel frames, long limit, Sink sink) {
    new BoundedMessageReader(Kind.TEXT, limit, sink).handleEvent(frames);
  }

  /** Reads a binary message of at most {@code limit} bytes into {@code sink}. */
  static void readBinary(StreamSourceFrameChannel frames, long limit, Sink sink) {
    new BoundedMessageReader(Kind.BINARY, limit, sink).handleEvent(frames);
  }

  /** Reads and drops a whole message (a refused one); past {@code limit} bytes the sink hears it is too big. */
  static void discard(StreamSourceFrameChannel frames, long limit, Sink sink) {
    new BoundedMessageReader(Kind.DISCARD, limit, sink).handleEvent(frames);
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
        boolean wasWithin = total <= limit;
        total += read;
        if (total > limit && wasWithin) {
          discarding = true;
          data = NONE;
          sink.tooBig();
        }
        if (discarding) {
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
    byte[] whole = data;
    data = NONE;
    if (kind == Kind.BINARY) {
      sink.binary(ByteBuffer.wrap(whole, 0, size).asReadOnlyBuffer());
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(whole, 0, size))
          .toString();
    } catch (CharacterCodingException e) {
      sink.invalidText();
      return;
    }
    sink.text(text, size);
  }
}
