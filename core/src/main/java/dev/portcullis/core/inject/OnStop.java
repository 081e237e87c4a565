package dev.portcullis.core.inject;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies what a module opened and the node must close when it stops (a Redis client, the audit file, a
 * metrics binder): a set of {@link AutoCloseable}, added with {@link PortcullisModule#onStop}. {@link Portcullis}
 * closes them after the transport has drained, last added first.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface OnStop {}
