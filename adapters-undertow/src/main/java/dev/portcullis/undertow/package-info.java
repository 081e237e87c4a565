/**
 * The WebSocket transport on Undertow. {@link dev.portcullis.undertow.UndertowTransport} serves the
 * endpoint; {@link dev.portcullis.undertow.UndertowModule} binds it for Guice and
 * {@link dev.portcullis.undertow.UndertowPlugin} contributes that module through {@code ServiceLoader}.
 *
 * <p>The handler chain, built once at start-up, is: route by path ({@code EndpointRouter}: the
 * WebSocket path, else the longest {@code @HttpRoutes} prefix, else 404), check that the request is an
 * RFC 6455 version 13 upgrade, run the connection policies off the IO thread, and only then hand an
 * admitted exchange to Undertow's handshake with the {@code Hybi13} handshake alone (and
 * {@code permessage-deflate} through {@code PerMessageDeflate} under {@code WS_COMPRESSION}).
 * {@link dev.portcullis.undertow.ClientAddressResolver} decides who the client is behind trusted
 * proxies. A request for an extra route goes through {@code RouteGate} (client address, body limit)
 * to the bounded {@code RouteWorkers}, never running on an IO thread.
 *
 * <p>With {@code WS_TLS_CERT_FILE} and {@code WS_TLS_KEY_FILE}, {@code TlsIdentity} reads the PEM
 * chain and key ({@code PemBlocks}, {@code TlsCertificateReader}, {@code TlsKeyReader}), checks them,
 * and the listener serves TLS 1.3 and 1.2 only.
 *
 * <p>An upgraded socket becomes a {@code GuardedSession}: it owns the connection's leases and releases
 * them exactly once, reads whole messages bounded by {@code WS_MAX_MESSAGE_SIZE}
 * ({@code BoundedMessageReader}, {@code BoundedDeflate}), runs each through the message pipeline,
 * authenticates by message when the handshake deferred it and refreshes tokens, and sends through a
 * bounded {@code OutboundQueue}. Its parts: {@code SessionAuthentication} (in-band authentication, refresh,
 * revocation and subject-block checks, expiry), {@code BinaryMessages}, {@code Heartbeat} and
 * {@code SessionCloser} (the close protocol, on the socket's IO thread). One {@code SessionSweep} keeps every
 * socket's deadlines (heartbeat, authentication, token expiry, lifetime, close) and sends the pings.
 *
 * <p>With {@code WS_ADMIN_PORT} the routes get a listener of their own and the WebSocket port serves only
 * its path.
 */
package dev.portcullis.undertow;
