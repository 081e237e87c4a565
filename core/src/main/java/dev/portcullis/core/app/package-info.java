/**
 * The application API: a {@link dev.portcullis.core.app.MessageHandler} receives each admitted
 * {@link dev.portcullis.core.app.InboundMessage} (envelope, typed payload, principal) on a
 * {@link dev.portcullis.core.app.Session}, which it can send to and close. {@code docs/guide.md} shows a
 * whole handler.
 */
package dev.portcullis.core.app;
