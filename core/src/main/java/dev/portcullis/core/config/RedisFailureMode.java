package dev.portcullis.core.config;

/** {@code WS_REDIS_FAILURE_MODE}: what a node does while Redis is unreachable. */
public enum RedisFailureMode { LOCAL, CLOSED, OPEN }
