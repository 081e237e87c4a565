/**
 * The driven ports: {@link dev.portcullis.core.port.AuthPort},
 * {@link dev.portcullis.core.port.RateLimitPort}, {@link dev.portcullis.core.port.BlockListPort},
 * {@link dev.portcullis.core.port.ViolationSink}, {@link dev.portcullis.core.port.ConnectionRegistry},
 * {@link dev.portcullis.core.port.ReplayGuard}, {@link dev.portcullis.core.port.Reservations} (a
 * handshake's counters and slots committed in one call), and the {@link dev.portcullis.core.port.Transport}.
 * In-memory adapters live in {@code dev.portcullis.core.memory}.
 */
package dev.portcullis.core.port;
