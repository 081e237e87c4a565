/**
 * Test support shared by the core's tests and, through the test-jar, by every adapter's contract
 * tests: {@link dev.portcullis.core.testing.MutableClock} (time that only moves when told),
 * {@link dev.portcullis.core.testing.Concurrently}, {@link dev.portcullis.core.testing.TestConnection},
 * {@link dev.portcullis.core.testing.RecordingSink} and {@link dev.portcullis.core.testing.Addresses}.
 */
package dev.portcullis.core.testing;
