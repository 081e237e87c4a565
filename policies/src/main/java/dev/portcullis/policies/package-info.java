/**
 * The built-in connection policies, in the order they run: {@link
 * dev.portcullis.policies.BlockListPolicy}, {@link dev.portcullis.policies.OriginPolicy}, {@link
 * dev.portcullis.policies.CapacityPolicy}, {@link dev.portcullis.policies.ConnectionRatePolicy},
 * {@link dev.portcullis.policies.AddressConcurrencyPolicy}, {@link
 * dev.portcullis.policies.AuthenticationPolicy}, {@link dev.portcullis.policies.SubjectBlockPolicy} and
 * {@link dev.portcullis.policies.UserLimitPolicy};
 * {@link dev.portcullis.policies.PoliciesPlugin} contributes them.
 */
package dev.portcullis.policies;
