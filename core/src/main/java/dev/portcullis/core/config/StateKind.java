package dev.portcullis.core.config;

/** {@code WS_STATE}: where limits, blocks and leases are kept. */
public enum StateKind { MEMORY, REDIS }
