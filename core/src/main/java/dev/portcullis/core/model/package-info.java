/**
 * Domain values shared by every module: {@link dev.portcullis.core.model.ClientAddress},
 * {@link dev.portcullis.core.model.Principal}, {@link dev.portcullis.core.model.HandshakeRequest},
 * {@link dev.portcullis.core.model.BearerToken} and address ranges.
 */
package dev.portcullis.core.model;
