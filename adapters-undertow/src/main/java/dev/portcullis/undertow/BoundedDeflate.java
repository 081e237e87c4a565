package dev.portcullis.undertow;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.extensions.PerMessageDeflateFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One socket's {@code permessage-deflate} (RFC 7692): outbound messages are compressed by Undertow's own
 * function, each on its own (no context takeover); inbound ones are inflated here, and a message stops
 * being inflated as soon as it passes {@code WS_MAX_MESSAGE_SIZE}.
 *
 * <p>Why: Undertow inflates each chunk of a frame completely before anyone can look at it, so a few
 * kilobytes of deflate data that inflate to a gigabyte would cost a gigabyte. Here each chunk inflates
 * only into what the message may still hold, plus one byte: that byte tells the
 * {@link BoundedMessageReader} the message is too big (it closes {@code 1009 message_too_big}), and from
 * then on the rest of the message is dropped without being inflated. Nothing is thrown for an
 * oversized message: an exception here would make Undertow close with {@code 1002} and its own text.
 * Corrupt deflate data does throw: Undertow then fails the connection with {@code 1002}.
 *
 * <p>Memory: at most the message bound of inflated output per socket at a time, and zlib's own state.
 * Inbound calls come from the socket's IO thread; outbound ones from any thread. Thread-safe.
 */
final class BoundedDeflate implements ExtensionFunction {

  /** RFC 7692 §7.2.2: the sender strips this empty stored block's end from every message; we put it back. */
  private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
  private static final int FIRST_OUTPUT = 1024;

  private final long limit;
  private final PerMessageDeflateFunction writer;
  private final Inflater inflater = new Inflater(true); // raw deflate, no zlib wrapper (RFC 7692 §7.2.1)
  private byte[] input = new byte[0];
  /** The message being inflated; {@code null} between messages. */
  private StreamSourceFrameChannel message;
  private long inflated;
  private boolean overflowed;

  BoundedDeflate(long limit) {
    this.limit = limit;
    // Outbound: Undertow's deflater, reset after every message, with no bound of its own on what we send.
    this.writer = new PerMessageDeflateFunction(Deflater.DEFAULT_COMPRESSION, false, true, Integer.MAX_VALUE / 2);
  }

  @Override
  public int writeRsv(int rsv) {
    return writer.writeRsv(rsv);
  }

  @Override
  public boolean hasExtensionOpCode() {
    return false;
  }

  @Override
  public PooledByteBuffer transformForWrite(PooledByteBuffer data, StreamSinkFrameChannel channel, boolean lastFrame)
      throws IOException {
    return writer.transformForWrite(data, channel, lastFrame);
  }

  @Override
  public synchronized PooledByteBuffer transformForRead(PooledByteBuffer data, StreamSourceFrameChannel channel,
      boolean lastFragmentOfMessage) throws IOException {
    int rsv = channel.getRsv();
    if (rsv == 0) {
      return data; // RSV1 clear: this message was sent uncompressed (RFC 7692 §6)
    }
    if (rsv != RSV1 || isControl(channel.getType())) {
      // RFC 7692 §6: only RSV1, and never on a control frame (§6.1); Undertow checks neither once an
      // extension is negotiated. Throwing here makes it fail the connection with 1002 (RFC 6455 §5.2).
      data.close();
      throw new IOException("a frame carries reserved bits that permessage-deflate does not define");
    }
    try {
      if (channel != message) {
        startMessage(channel);
      }
      if (overflowed) {
        return new ImmediatePooledByteBuffer(ByteBuffer.allocate(0)); // past the bound: nothing more is inflated
      }
      feed(data.getBuffer());
      PooledByteBuffer output = inflate(new ImmediatePooledByteBuffer(ByteBuffer.allocate(FIRST_OUTPUT)));
      if (inflater.finished() && inflater.getRemaining() > 0) {
        // Data after a block with BFINAL set would otherwise be dropped silently, truncating the message.
        throw new DataFormatException("data follows the final deflate block of a message");
      }
      if (lastFragmentOfMessage) {
        if (!overflowed && !inflater.finished()) {
          inflater.setInput(TAIL);
          output = inflate(output);
        }
        endMessage();
      }
      output.getBuffer().flip();
      return output;
    } catch (DataFormatException e) {
      throw new IOException("the permessage-deflate data of a message is not valid deflate data");
    } finally {
      data.close();
    }
  }

  private static boolean isControl(WebSocketFrameType type) {
    return type == WebSocketFrameType.PING || type == WebSocketFrameType.PONG || type == WebSocketFrameType.CLOSE;
  }

  /** A new message; one whose last fragment never came through here (an empty final frame) is ended first. */
  private void startMessage(StreamSourceFrameChannel channel) throws DataFormatException {
    if (message != null) {
      if (!overflowed) {
        inflater.setInput(TAIL);
        byte[] scratch = new byte[64]; // the tail completes an empty stored block: it yields nothing
        while (!inflater.needsInput() && !inflater.finished() && inflater.inflate(scratch) > 0) {
          // drop it
        }
      }
      endMessage();
    }
    message = channel;
    inflated = 0;
    overflowed = false;
  }

  private void endMessage() {
    if (overflowed || inflater.finished()) {
      inflater.reset(); // an abandoned or BFINAL-ended stream: the next message starts a fresh one
    }
    message = null;
  }

  private void feed(ByteBuffer chunk) {
    int n = chunk.remaining();
    if (chunk.hasArray()) {
      inflater.setInput(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
    } else {
      if (input.length < n) {
        input = new byte[n];
      }
      chunk.get(input, 0, n);
      inflater.setInput(input, 0, n);
    }
  }

  /** Inflates what the inflater holds into {@code output}, never past the message's bound plus one byte. */
  private PooledByteBuffer inflate(PooledByteBuffer output) throws DataFormatException {
    ByteBuffer out = output.getBuffer();
    while (!inflater.needsInput() && !inflater.finished()) {
      long budget = limit + 1 - inflated;
      if (budget <= 0) {
        overflowed = true;
        break;
      }
      if (!out.hasRemaining()) {
        int size = (int) Math.min((long) out.capacity() * 2, out.capacity() + budget);
        ByteBuffer larger = ByteBuffer.allocate(size);
        out.flip();
        larger.put(out);
        output.close();
        output = new ImmediatePooledByteBuffer(larger);
        out = larger;
      }
      int room = (int) Math.min(out.remaining(), budget);
      int n = inflater.inflate(out.array(), out.arrayOffset() + out.position(), room);
      if (n == 0 && inflater.needsDictionary()) {
        throw new DataFormatException("a preset dictionary is never used by permessage-deflate");
      }
      out.position(out.position() + n);
      inflated += n;
    }
    return output;
  }

  @Override
  public synchronized void dispose() {
    writer.dispose();
    inflater.end();
  }
}
