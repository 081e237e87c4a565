/**
 * The end-to-end suite: every row of CONTRACT §2 (the handshake) and §3 (on the socket) over real
 * sockets against a real node assembled by the facade, one small themed {@code *IT} per concern.
 * {@link dev.portcullis.testkit.e2e.Wire} holds the shared handshake assertions,
 * {@link dev.portcullis.testkit.e2e.Talk} the message ones, and {@link dev.portcullis.testkit.e2e.Peers}
 * hands out distinct {@code 127.x.y.z} client addresses so that tests never share a limit by accident.
 */
package dev.portcullis.testkit.e2e;
