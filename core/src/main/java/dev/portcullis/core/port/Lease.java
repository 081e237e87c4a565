package dev.portcullis.core.port;

/** A held connection slot. {@link #release()} is idempotent: only the first call frees the slot. */
public interface Lease {

  void release();
}
