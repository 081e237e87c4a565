/**
 * The built-in message policies, in the order they run: {@link
 * dev.portcullis.policies.message.MessageRatePolicy}, {@link
 * dev.portcullis.policies.message.EnvelopePolicy}, {@link
 * dev.portcullis.policies.message.HoneypotPolicy}, {@link
 * dev.portcullis.policies.message.MessageTypePolicy}, {@link
 * dev.portcullis.policies.message.TypeRatePolicy}, {@link
 * dev.portcullis.policies.message.TimestampPolicy}, {@link
 * dev.portcullis.policies.message.ReplayPolicy} and {@link
 * dev.portcullis.policies.message.PayloadSchemaPolicy}.
 */
package dev.portcullis.policies.message;
