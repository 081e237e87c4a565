/**
 * A raw-socket RFC 6455 conformance suite modelled on the case groups of the Autobahn test suite, run
 * against a real Undertow node that echoes text: framing ({@code FramingConformanceIT}), pings
 * ({@code PingPongConformanceIT}), reserved bits and opcodes, fragmentation, UTF-8, the close handshake,
 * masking, size limits and permessage-deflate ({@code CompressionConformanceIT}). Entry points:
 * {@code Frames} builds any client frame bit for bit, {@code WireClient} writes and reads them on a
 * socket, {@code Expect} states the RFC's answer, {@code EchoServer} assembles the node without any
 * message policy, {@code ServerLog} fails a case whose input made the server log an exception.
 * {@code FramesTest} and {@code ExpectTest} check the harness itself (each way a server can misbehave
 * makes {@code Expect} fail). Run the cases alone with
 * {@code mvn -B -o -pl adapters-undertow verify -Dit.test='dev.portcullis.undertow.conformance.*IT'}
 * ({@code conformance.**} works too, and runs the two harness tests a second time).
 */
package dev.portcullis.undertow.conformance;
