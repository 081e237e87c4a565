package dev.portcullis.core.config;

/** {@code WS_LOG_FORMAT} of the security event log. */
public enum LogFormat { TEXT, JSON }
