/**
 * Configuration: {@link dev.portcullis.core.config.PortcullisConfig} and its records, read from the
 * environment (CONTRACT §1) or built in code, validated once with every error reported together in a
 * {@link dev.portcullis.core.config.ConfigurationException}.
 */
package dev.portcullis.core.config;
