package dev.portcullis.core.port;

import dev.portcullis.core.model.Principal;
import java.util.Objects;

/** The outcome of checking a token: who it names, or why it was refused. Immutable. */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Rejected {

  record Authenticated(Principal principal) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** A refusal; the reason is for the server's log and metrics, never for the client. */
  record Rejected(AuthFailure reason) implements AuthResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
