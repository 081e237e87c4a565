package dev.portcullis.core.config;

/**
 * {@code WS_REDIS_REPLAY}: where message ids are remembered with {@code WS_STATE=redis}. {@code LOCAL}
 * keeps them on the node that holds the socket (the message path never waits on the network);
 * {@code SHARED} also remembers them in Redis, so an id replayed through another node is refused, at the
 * price of one Redis round trip per fresh message.
 */
public enum RedisReplay { LOCAL, SHARED }
