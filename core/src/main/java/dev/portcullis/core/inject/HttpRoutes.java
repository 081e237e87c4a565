package dev.portcullis.core.inject;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the extra HTTP routes the transport serves beside the WebSocket endpoint: a map from a path
 * prefix (such as {@code /admin}) to a handler of the transport's own handler type. A module adds one
 * with {@code MapBinder.newMapBinder(binder(), String.class, HandlerType.class, HttpRoutes.class)}, so
 * that the admin surface needs no knowledge of the transport's internals.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface HttpRoutes {}
