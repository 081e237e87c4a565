package dev.portcullis.admin.checklist;

/** How one checklist item came out: fine, worth a look, or not fit for production. */
public enum CheckStatus { PASS, WARN, FAIL }
