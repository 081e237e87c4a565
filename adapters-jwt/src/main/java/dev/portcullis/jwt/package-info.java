/**
 * The {@link dev.portcullis.core.port.AuthPort} adapter built on jjwt:
 * {@link dev.portcullis.jwt.JjwtAuthenticator} checks bearer tokens signed with an HMAC secret, a PEM
 * public key (RSA, EC, EdDSA) or the keys of a JWKS endpoint; {@link dev.portcullis.jwt.JwtModule} and
 * {@link dev.portcullis.jwt.JwtPlugin} bring it into a node.
 *
 * <p>A token passes three gates in order: a structural gate of our own (size, shape, header
 * parameters, algorithm allow-list, ECDSA signature sanity), jjwt's signature verification with the same
 * allow-list, and the claim checks jjwt does not do ({@code exp} required, {@code exp == now} expired,
 * {@code iat}, {@code iss}, {@code aud}, {@code azp}, {@code sub}).
 */
package dev.portcullis.jwt;
