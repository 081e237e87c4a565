package dev.portcullis.core.engine;

import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.Verdict;

/** How the pipeline judged one handshake. */
public sealed interface HandshakeOutcome permits HandshakeOutcome.Admitted, HandshakeOutcome.Refused {

  /** Upgrade; the context holds the principal (if any) and the leases the connection now owns. */
  record Admitted(HandshakeContext context) implements HandshakeOutcome {}

  /** Answer with this refusal (its leases are already released). */
  record Refused(Verdict.Refuse refusal) implements HandshakeOutcome {}
}
