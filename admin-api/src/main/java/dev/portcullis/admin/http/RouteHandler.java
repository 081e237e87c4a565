package dev.portcullis.admin.http;

/** Answers one admin request. Runs on a worker thread; may throw {@link BadRequest}. */
@FunctionalInterface
public interface RouteHandler {

  Answer handle(AdminRequest request) throws Exception;
}
