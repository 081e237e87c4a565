/**
 * The engine: {@link dev.portcullis.core.engine.HandshakePipeline} runs the connection policies,
 * {@link dev.portcullis.core.engine.SecurityEvents} fans events out,
 * {@link dev.portcullis.core.engine.AddressBlocker} and
 * {@link dev.portcullis.core.engine.FailedAuthTracker} turn offences into blocks, and
 * {@link dev.portcullis.core.engine.BlockEnforcer} closes the sockets a block covers, and
 * {@link dev.portcullis.core.engine.RevocationEnforcer} those whose token is revoked.
 */
package dev.portcullis.core.engine;
