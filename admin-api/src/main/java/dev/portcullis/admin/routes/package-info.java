/**
 * One class per group of admin routes, and {@link dev.portcullis.admin.routes.AdminRoutes}, the table
 * that maps methods and paths to them.
 */
package dev.portcullis.admin.routes;
