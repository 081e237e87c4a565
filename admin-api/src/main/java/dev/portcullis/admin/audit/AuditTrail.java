package dev.portcullis.admin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.core.engine.SecurityLog;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail ({@code WS_AUDIT_FILE}): every admin change, block and lift as one hash-chained JSON
 * line (format in {@link AuditLines}), appended to a file that {@link AuditVerifier} can check.
 * Thread-safe.
 *
 * <p><b>Off the hot path.</b> {@link #accept} is called on whatever thread saw the event, an IO thread
 * included, so it never touches the disk: it offers the event to a bounded queue ({@link #QUEUE_CAPACITY})
 * and returns. One writer thread takes events in order, gives each the next sequence number, writes its
 * line with one write and forces it to disk before the next line's {@code prev} depends on it. When the
 * disk stalls long enough for the queue to fill, further events are dropped, counted ({@link #dropped()})
 * and logged once per stall; as soon as the writer catches up it writes an {@code audit_dropped} line with
 * the count, so the gap is in the trail itself and never silent. Dropping rather than blocking is the
 * choice: a stalled audit disk must not stall the sockets. Other event kinds are ignored.
 *
 * <p><b>Crashes.</b> Opening an existing file resumes its chain from the last whole line. A last line
 * without its newline (the process died mid-write) is cut off and an {@code audit_repaired} line records
 * how many bytes went. A write that fails is cut back the same way, so a full disk never leaves a torn
 * line in the middle of the trail. The file is locked while open, so two nodes cannot interleave lines in
 * it, and a new file is created readable and writable by its owner only where the filesystem allows.
 *
 * <p>Lines carry no token or secret: events never hold one, and JWT-shaped text an operator typed is
 * redacted as in the security log.
 */
public final class AuditTrail implements ViolationSink, AutoCloseable {

  /** Events that may wait for the disk; past it they are dropped and counted. */
  public static final int QUEUE_CAPACITY = 4096;
  /** How long {@link #close()} waits for the writer to write what is queued. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int TAIL_BLOCK = 8192;

  private final Path file;
  private final Clock clock;
  private final FileChannel channel;
  private final MessageDigest sha256 = AuditLines.sha256();
  private final BlockingQueue<SecurityEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean stallLogged = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean closed;

  /** Written only by the writer thread (and by the constructor before it starts). */
  private long seq;
  private String prev;
  private long droppedRecorded;
  private boolean failing;
  private boolean broken;

  /**
   * Opens (or creates) the trail at {@code file}, repairs a torn last line, and starts the writer.
   *
   * @throws UncheckedIOException  when the file cannot be opened, read or locked
   * @throws IllegalStateException when its last whole line is not an audit line (run the verifier), or
   *                               another trail in this or another process holds it
   */
  public AuditTrail(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      createOwnerOnly(file);
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("audit trail " + file + " cannot be opened: " + e.getMessage(), e);
    }
    try {
      lockOrFail();
      resume();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("audit trail " + file + " cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    writer = new Thread(this::drain, "portcullis-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void accept(SecurityEvent event) {
    if (!(event instanceof AdminChange || event instanceof AddressBlocked || event instanceof AddressUnblocked)) {
      return;
    }
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
      if (stallLogged.compareAndSet(false, true)) {
        LOG.error("Audit trail {} is {}: dropping audit events (counted; the trail records how many)",
            file, closed ? "closed" : "behind by " + QUEUE_CAPACITY + " events, the disk is stalling");
      }
    }
  }

  /** Audit events dropped so far because the queue was full (or the trail closed or broken). */
  public long dropped() {
    return dropped.get();
  }

  /** Where the trail is written. */
  public Path file() {
    return file;
  }

  /** Writes what is queued (waiting at most {@link #CLOSE_WAIT}), then releases the file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      LOG.error("Audit trail {}: the writer did not finish within {}; {} events were not written",
          file, CLOSE_WAIT, queue.size());
      writer.interrupt();
    }
    closeQuietly();
  }

  private void drain() {
    try {
      while (!closed || !queue.isEmpty()) {
        SecurityEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          recordDrops();
          write(line(event));
        }
      }
      recordDrops();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes an {@code audit_dropped} line when events were dropped since the last one. */
  private void recordDrops() {
    long now = dropped.get();
    if (now > droppedRecorded && !broken) {
      ObjectNode line = header("audit_dropped", clock.instant().toString());
      line.put("reason", "not_written");
      line.put("count", now - droppedRecorded);
      droppedRecorded = now;
      write(line);
      stallLogged.set(false);
    }
  }

  private ObjectNode line(SecurityEvent event) {
    ObjectNode line = header(event.kind(), event.time().toString());
    line.put("address", text(event.address()));
    if (event instanceof AdminChange change) {
      line.put("actor", text(change.actor()));
      line.put("action", text(change.action()));
      line.put("target", text(change.target()));
      line.put("reason", text(change.reason()));
    } else if (event instanceof AddressBlocked block) {
      line.put("reason", text(block.reason()));
      line.put("until", block.until().toString());
      line.put("offence", block.offence());
    } else if (event instanceof AddressUnblocked lift) {
      line.put("reason", text(lift.reason()));
    }
    return line;
  }

  private ObjectNode header(String event, String time) {
    ObjectNode line = AuditLines.JSON.createObjectNode();
    line.put("seq", seq + 1);
    line.put("time", time);
    line.put("event", event);
    return line;
  }

  private static String text(String value) {
    return AuditLines.capped(SecurityLog.redactTokens(value));
  }

  /**
   * Appends {@code fields} as the next line: one write, forced to disk, and only then does the chain
   * move on. A failed write is cut back so no torn line stays behind; the event counts as dropped.
   */
  private void write(ObjectNode fields) {
    if (broken) {
      dropped.incrementAndGet();
      return;
    }
    fields.put("prev", prev);
    byte[] sealed = AuditLines.seal(fields, sha256);
    ByteBuffer buffer = ByteBuffer.allocate(sealed.length + 1).put(sealed).put((byte) '\n').flip();
    long start = -1;
    try {
      start = channel.size();
      channel.write(buffer, start);
      while (buffer.hasRemaining()) { // a regular file takes it in one go; be sure anyway
        channel.write(buffer, start + buffer.position());
      }
      channel.force(false);
      seq++;
      prev = AuditLines.hex(sha256.digest(sealed));
      failing = false;
    } catch (IOException e) {
      dropped.incrementAndGet(); // reported by the next audit_dropped line once writing works again
      if (!failing) {
        LOG.error("Audit trail {}: a line could not be written ({}); cutting it back and counting it as dropped",
            file, e.getMessage());
        failing = true;
      }
      cutBackTo(start);
    }
  }

  private void cutBackTo(long size) {
    try {
      if (size >= 0) {
        channel.truncate(size);
        channel.force(true);
      }
    } catch (IOException e) {
      broken = true;
      LOG.error("Audit trail {} cannot be repaired ({}): no further lines are written; run the verifier",
          file, e.getMessage());
    }
  }

  private void lockOrFail() throws IOException {
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    if (held == null) {
      throw new IllegalStateException("audit trail " + file + " is already open in another trail or process; "
          + "each node needs its own WS_AUDIT_FILE");
    }
  }

  /** Finds where the chain stands, cutting off a torn last line and recording that it did. */
  private void resume() throws IOException {
    long size = channel.size();
    long end = lastNewlineBefore(size) + 1; // the end of the last whole line, 0 when there is none
    long torn = size - end;
    if (torn > 0) {
      channel.truncate(end);
      channel.force(true);
    }
    if (end == 0) {
      seq = 0;
      prev = AuditLines.GENESIS;
    } else {
      byte[] last = read(lastNewlineBefore(end - 1) + 1, end - 1);
      JsonNode parsed = parse(last);
      seq = parsed.get("seq").asLong();
      prev = AuditLines.hex(sha256.digest(last));
    }
    if (torn > 0) {
      ObjectNode line = header("audit_repaired", clock.instant().toString());
      line.put("reason", "torn_last_line");
      line.put("removedBytes", torn);
      write(line);
      LOG.warn("Audit trail {}: cut off a torn last line of {} bytes left by a crash; recorded in the trail",
          file, torn);
    }
  }

  private JsonNode parse(byte[] line) {
    try {
      JsonNode node = AuditLines.JSON.readTree(line);
      if (node != null && node.path("seq").canConvertToLong() && node.get("seq").asLong() > 0) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new IllegalStateException("audit trail " + file + ": the last line is not an audit line, so the chain "
        + "cannot be resumed; check the file with the verifier and move it aside");
  }

  /** Position of the last {@code \n} before {@code limit}, or -1. Reads backwards in blocks. */
  private long lastNewlineBefore(long limit) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(TAIL_BLOCK);
    long to = limit;
    while (to > 0) {
      long from = Math.max(0, to - TAIL_BLOCK);
      block.clear().limit((int) (to - from));
      while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
        // fill the block
      }
      for (int i = block.position() - 1; i >= 0; i--) {
        if (block.get(i) == '\n') {
          return from + i;
        }
      }
      to = from;
    }
    return -1;
  }

  private byte[] read(long from, long to) throws IOException {
    if (to - from > AuditLines.MAX_LINE_BYTES) {
      throw new IllegalStateException("audit trail " + file + ": the last line is longer than "
          + AuditLines.MAX_LINE_BYTES + " bytes, so it is not an audit line; check the file with the verifier");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) (to - from));
    while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) >= 0) {
      // fill
    }
    return bytes.array();
  }

  private static void createOwnerOnly(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // created in between by someone else; the lock decides who writes
    }
  }

  private void closeQuietly() {
    try {
      channel.close(); // releases the lock too
    } catch (IOException e) {
      LOG.warn("Audit trail {} did not close cleanly: {}", file, e.getMessage());
    }
  }
}
