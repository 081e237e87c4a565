package dev.portcullis.undertow;

import dev.portcullis.core.policy.HandshakeContext;
import io.undertow.util.AttachmentKey;

/**
 * An admitted handshake on its way from the guard to the new session: what the policies learnt, and
 * the slots the connection now holds. Rides on the exchange as an attachment.
 */
record Admission(HandshakeContext context, LeaseSet leases) {

  static final AttachmentKey<Admission> KEY = AttachmentKey.create(Admission.class);
}
