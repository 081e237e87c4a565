/**
 * The end-to-end handshake suite: every row of CONTRACT §2 over real sockets against a real node
 * assembled by the facade, one small themed {@code *IT} per concern. {@link dev.portcullis.testkit.e2e.Wire}
 * holds the shared assertions, {@link dev.portcullis.testkit.e2e.Peers} hands out distinct
 * {@code 127.x.y.z} client addresses so that tests never share a limit by accident.
 */
package dev.portcullis.testkit.e2e;
