/**
 * The application API: a {@link dev.portcullis.core.app.MessageHandler} receives admitted messages on
 * a {@link dev.portcullis.core.app.Session}.
 */
package dev.portcullis.core.app;
