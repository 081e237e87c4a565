/**
 * Security events: the sealed {@link dev.portcullis.core.event.SecurityEvent} and its records. The
 * log sink that writes them to {@code portcullis.security} is {@link dev.portcullis.core.engine.SecurityLog}.
 */
package dev.portcullis.core.event;
