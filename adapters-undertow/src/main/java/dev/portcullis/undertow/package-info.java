/**
 * The WebSocket transport on Undertow. {@link dev.portcullis.undertow.UndertowTransport} serves the
 * endpoint; {@link dev.portcullis.undertow.UndertowModule} binds it for Guice and
 * {@link dev.portcullis.undertow.UndertowPlugin} contributes that module through {@code ServiceLoader}.
 *
 * <p>The handler chain, built once at start-up, is: route by path (404 elsewhere), check that the
 * request is an RFC 6455 version 13 upgrade, run the connection policies off the IO thread, and only
 * then hand an admitted exchange to Undertow's handshake with the {@code Hybi13} handshake alone.
 * {@link dev.portcullis.undertow.ClientAddressResolver} decides who the client is behind trusted
 * proxies. An upgraded socket becomes a {@code GuardedSession}, which owns the connection's leases,
 * bounds what it reads and queues, and authenticates by first message when the handshake deferred it.
 */
package dev.portcullis.undertow;
