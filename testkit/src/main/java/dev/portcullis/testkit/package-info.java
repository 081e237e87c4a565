/**
 * What a team needs to test its own application on Portcullis, over real sockets:
 * {@link dev.portcullis.testkit.PortcullisServer} (a JUnit 5 extension that runs a node on loopback),
 * {@link dev.portcullis.testkit.TokenMinter} (JWTs signed the way the node checks them),
 * {@link dev.portcullis.testkit.TestWebSocket} (a recording WebSocket client) and
 * {@link dev.portcullis.testkit.RawHandshake} (a raw HTTP/1.1 upgrade client for exact status codes,
 * headers and bodies, from any {@code 127.0.0.x} address).
 */
package dev.portcullis.testkit;
