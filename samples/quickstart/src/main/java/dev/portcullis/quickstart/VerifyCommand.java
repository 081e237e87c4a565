package dev.portcullis.quickstart;

import dev.portcullis.admin.audit.AuditVerifier;
import dev.portcullis.admin.audit.VerifyResult;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code verify <file>}: checks an audit trail's hash chain. Exit status 0 with a one-line summary (line
 * count and last hash) when it holds, 1 naming the first broken line when it does not, 2 on usage errors
 * or an unreadable file. Stateless.
 */
final class VerifyCommand {

  static final String USAGE = "usage: verify <audit file>";
  static final int BROKEN = 1;

  private VerifyCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      err.println("verify: needs exactly one argument, the audit file (WS_AUDIT_FILE)");
      err.println(USAGE);
      return Quickstart.BAD_CONFIGURATION;
    }
    Path file;
    try {
      file = Path.of(args.get(0));
    } catch (InvalidPathException e) {
      err.println("verify: '" + args.get(0) + "' is not a path");
      return Quickstart.BAD_CONFIGURATION;
    }
    if (!Files.isRegularFile(file)) {
      err.println("verify: " + file + " is not a file");
      return Quickstart.BAD_CONFIGURATION;
    }
    VerifyResult result;
    try {
      result = AuditVerifier.verify(file);
    } catch (UncheckedIOException e) {
      err.println("verify: " + e.getMessage());
      return Quickstart.BAD_CONFIGURATION;
    }
    (result.holds() ? out : err).println(file + ": " + result.summary());
    return result.holds() ? 0 : BROKEN;
  }
}
