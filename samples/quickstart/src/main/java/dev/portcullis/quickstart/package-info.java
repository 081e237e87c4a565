/**
 * The quickstart: a hardened echo server configured from the environment.
 * {@link dev.portcullis.quickstart.Quickstart} is the entry point ({@code java -jar portcullis-quickstart.jar},
 * or {@code java -jar portcullis-quickstart.jar token --subject alice}); {@link dev.portcullis.quickstart.Echo}
 * is the whole application, and {@link dev.portcullis.quickstart.Track} the payload it registers for
 * {@code track} messages; {@link dev.portcullis.quickstart.QuickstartTokens} mints the tokens it prints.
 * {@code doctor} ({@code DoctorCommand}) prints the security checklist of the environment's configuration,
 * and {@code verify <file>} ({@code VerifyCommand}) checks an audit trail's hash chain.
 */
package dev.portcullis.quickstart;
