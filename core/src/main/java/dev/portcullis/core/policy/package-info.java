/**
 * The policy SPI: {@link dev.portcullis.core.policy.ConnectionPolicy} judges a handshake and returns a
 * {@link dev.portcullis.core.policy.Verdict}; {@link dev.portcullis.core.policy.PolicyKind} decides
 * who the allow-list exempts. Plugins contribute policies through
 * {@link dev.portcullis.core.inject.PortcullisPlugin}.
 */
package dev.portcullis.core.policy;
