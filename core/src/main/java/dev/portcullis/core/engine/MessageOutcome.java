package dev.portcullis.core.engine;

/** What the transport does with a judged message. */
public enum MessageOutcome {
  /** Hand it to the application. */
  DELIVER,
  /** Drop it and answer the error frame of {@link MessageSession#refusal()}. */
  ANSWER,
  /** Drop it without an answer: the connection's error frames are spent for now (still counted). */
  SILENT,
  /** Drop it and close {@code 1008 too_many_violations}: the address is now blocked. */
  CLOSE
}
