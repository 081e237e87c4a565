package dev.portcullis.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/** What every test of the message path does the same way: write messages, read answers, expect a close. */
final class Talk {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Talk() {}

  /** Exactly the error frame of CONTRACT §3; {@code ref} may be null. */
  static String error(String code, String ref) {
    return "{\"type\":\"error\",\"code\":\"" + code + "\",\"ref\":" + (ref == null ? "null" : "\"" + ref + "\"")
        + ",\"message\":\"An error occurred\"}";
  }

  /** A message stamped now (epoch seconds); {@code payload} is raw JSON or null. */
  static String message(String id, String type, String payload) {
    return message(id, type, Long.toString(Instant.now().getEpochSecond()), payload);
  }

  /** A message with {@code timestamp} written as given. */
  static String message(String id, String type, String timestamp, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + timestamp
        + (payload == null ? "" : ",\"payload\":" + payload) + "}";
  }

  /** An upgraded connection from {@code peer} with a token for {@code subject}. */
  static RawConnection connect(PortcullisServer server, String peer, String subject) {
    return Wire.upgraded(RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject(subject).mint()));
  }

  /** The next text message, skipping pings; fails on a close or after {@link Wire#WAIT}. */
  static String next(RawConnection connection) {
    for (;;) {
      RawConnection.Frame frame = connection.readFrame(Wire.WAIT);
      if (frame.opcode() == RawConnection.TEXT) {
        return frame.text();
      }
      assertThat(frame.opcode()).as("a text frame, not a close %s %s", frame.closeCode(), frame.closeReason())
          .isNotEqualTo(RawConnection.CLOSE);
    }
  }

  /** The next text message, checked to be exactly the error frame with four keys. */
  static void expectError(RawConnection connection, String code, String ref) {
    String frame = next(connection);
    assertThat(frame).isEqualTo(error(code, ref));
    try {
      JsonNode parsed = JSON.readTree(frame);
      assertThat(parsed.size()).isEqualTo(4);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + frame, e);
    }
  }

  /** Reads until a close frame and checks its code and reason. */
  static void expectClose(RawConnection connection, int code, String reason) {
    for (;;) {
      RawConnection.Frame frame = connection.readFrame(Wire.WAIT);
      if (frame.opcode() == RawConnection.CLOSE) {
        assertThat(frame.closeCode()).isEqualTo(code);
        assertThat(frame.closeReason()).isEqualTo(reason);
        return;
      }
    }
  }

  /** Asserts that nothing arrives for {@code quiet}. */
  static void expectNothing(RawConnection connection, Duration quiet) {
    try {
      RawConnection.Frame frame = connection.readFrame(quiet);
      throw new AssertionError("expected nothing, got opcode " + frame.opcode() + ": " + frame.text());
    } catch (UncheckedIOException e) {
      assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
    }
  }
}
