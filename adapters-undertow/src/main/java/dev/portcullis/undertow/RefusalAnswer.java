package dev.portcullis.undertow;

import dev.portcullis.core.policy.Verdict;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a policy's refusal: its status, its headers, and the bare JSON body. A 401 also says how to
 * authenticate (RFC 6750 §3.1): {@code Bearer error="invalid_token"} when a token was presented,
 * plain {@code Bearer} when none was. Stateless and thread-safe.
 */
final class RefusalAnswer {

  private static final Logger LOG = LoggerFactory.getLogger(RefusalAnswer.class);
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  /** A refusal must refuse: a plugin's status outside 4xx/5xx becomes this. */
  private static final int FALLBACK_STATUS = 403;

  private RefusalAnswer() {}

  static void send(HttpServerExchange exchange, Verdict.Refuse refusal, boolean tokenPresented) {
    Map<String, String> headers = new LinkedHashMap<>(refusal.headers());
    int status = refusal.status();
    if (status < 400 || status > 599) {
      LOG.warn("A policy refused with status {} (code {}), which is not an error status; answering {}",
          status, refusal.code(), FALLBACK_STATUS);
      status = FALLBACK_STATUS;
    }
    if (status == 401 && headers.keySet().stream().noneMatch(WWW_AUTHENTICATE::equalsIgnoreCase)) {
      headers.put(WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
    }
    JsonAnswer.send(exchange, status, refusal.code(), headers);
  }
}
