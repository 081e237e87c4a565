/**
 * The engine: {@link dev.portcullis.core.engine.HandshakePipeline} runs the connection policies,
 * {@link dev.portcullis.core.engine.SecurityEvents} fans events out,
 * {@link dev.portcullis.core.engine.AddressBlocker} and
 * {@link dev.portcullis.core.engine.FailedAuthTracker} turn offences into blocks, and
 * {@link dev.portcullis.core.engine.BlockEnforcer} closes a blocked address's sockets.
 */
package dev.portcullis.core.engine;
