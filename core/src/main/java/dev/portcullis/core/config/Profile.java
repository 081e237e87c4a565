package dev.portcullis.core.config;

/** {@code WS_PROFILE}: production refuses every authentication bypass. */
public enum Profile { PRODUCTION, DEVELOPMENT }
