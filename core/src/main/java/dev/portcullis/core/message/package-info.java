/**
 * The inbound message format: {@link dev.portcullis.core.message.Envelope}, read by {@link
 * dev.portcullis.core.message.EnvelopeReader} under strict limits, and the per-connection {@link
 * dev.portcullis.core.message.TokenBucket}.
 */
package dev.portcullis.core.message;
