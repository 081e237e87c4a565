/**
 * The admin surface's HTTP plumbing: {@link dev.portcullis.admin.http.AdminSurface} (the one Undertow
 * handler: address restriction, CORS, routing, security headers), {@link dev.portcullis.admin.http.Router}
 * and {@link dev.portcullis.admin.http.Route}, {@link dev.portcullis.admin.http.AdminAccess} (admin
 * tokens) and {@link dev.portcullis.admin.http.JsonBodies} (strict, validated request bodies).
 */
package dev.portcullis.admin.http;
