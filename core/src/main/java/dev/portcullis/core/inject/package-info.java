/**
 * Assembly, the only package that imports Guice: {@link dev.portcullis.core.inject.Portcullis} (the
 * facade), {@link dev.portcullis.core.inject.PortcullisModule} and the
 * {@link dev.portcullis.core.inject.PortcullisPlugin} SPI.
 */
package dev.portcullis.core.inject;
