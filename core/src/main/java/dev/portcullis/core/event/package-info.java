/**
 * Security events: the sealed {@link dev.portcullis.core.event.SecurityEvent} and its records, and
 * the log sink that writes them to {@code portcullis.security}.
 */
package dev.portcullis.core.event;
