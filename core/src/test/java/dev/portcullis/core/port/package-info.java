/**
 * Port contract tests, exported in the core's test-jar: every adapter of a port extends the matching
 * abstract {@code *Contract} class and supplies its implementation through the factory method, which
 * receives the test's {@link dev.portcullis.core.testing.MutableClock}.
 * {@link dev.portcullis.core.port.RateLimitPortContract},
 * {@link dev.portcullis.core.port.BlockListPortContract},
 * {@link dev.portcullis.core.port.ConnectionRegistryContract},
 * {@link dev.portcullis.core.port.ReplayGuardContract}.
 */
package dev.portcullis.core.port;
