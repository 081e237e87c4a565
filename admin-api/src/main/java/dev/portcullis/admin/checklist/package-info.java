/**
 * The security checklist: {@link dev.portcullis.admin.checklist.Checklist#evaluate} answers the seed's
 * "Security Checklist" and "Production Configuration" for one configuration, as
 * {@link dev.portcullis.admin.checklist.CheckItem}s that pass, warn or fail
 * ({@link dev.portcullis.admin.checklist.CheckStatus}). Behind the quickstart's {@code doctor} and
 * {@code GET /admin/checklist}.
 */
package dev.portcullis.admin.checklist;
