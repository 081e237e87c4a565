/**
 * The default, single-node adapters of every state port, each bounded: {@link
 * dev.portcullis.core.memory.InMemoryRateLimiter}, {@link dev.portcullis.core.memory.InMemoryBlockList},
 * {@link dev.portcullis.core.memory.InMemoryRevocationList}, {@link
 * dev.portcullis.core.memory.InMemoryConnectionRegistry} and {@link
 * dev.portcullis.core.memory.InMemoryReplayGuard}; {@link dev.portcullis.core.memory.SequentialReservations}
 * commits a handshake's reservations on whichever rate and registry ports are bound.
 */
package dev.portcullis.core.memory;
