/**
 * What a team needs to test its own application on Portcullis, over real sockets:
 * {@link dev.portcullis.testkit.PortcullisServer} (a JUnit 5 extension that runs a node on loopback),
 * {@link dev.portcullis.testkit.TokenMinter} (JWTs signed the way the node checks them),
 * {@link dev.portcullis.testkit.TestWebSocket} (a recording WebSocket client),
 * {@link dev.portcullis.testkit.RawHandshake} (a raw HTTP/1.1 upgrade client for exact status codes,
 * headers and bodies, from any {@code 127.0.0.x} address),
 * {@link dev.portcullis.testkit.RedisServer} (a real {@code redis-server} to share state through, which a
 * test can kill, pause and restart) and {@link dev.portcullis.testkit.TestCertificates} (an authority and a
 * server certificate for {@code wss://} and TLS Redis).
 */
package dev.portcullis.testkit;
