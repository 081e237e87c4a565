package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.BearerToken.Carrier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenExtractorTest {

  private static Map<String, Deque<String>> query(String token) {
    return Map.of("token", new ArrayDeque<>(List.of(token)));
  }

  @Test
  void readsTheBearerSchemeInAnyCaseAndTrimsTheToken() {
    assertThat(TokenExtractor.extract("Bearer abc", Map.of(), List.of())).isEqualTo(new BearerToken("abc", Carrier.HEADER));
    assertThat(TokenExtractor.extract("BEARER  abc ", Map.of(), List.of())).isEqualTo(new BearerToken("abc", Carrier.HEADER));
  }

  @Test
  void takesABareBearerSchemeAsAnEmptyTokenThatWillBeRefused() {
    assertThat(TokenExtractor.extract("Bearer", Map.of(), List.of())).isEqualTo(new BearerToken("", Carrier.HEADER));
  }

  @Test
  void passesOverOtherSchemesAndLookalikes() {
    assertThat(TokenExtractor.extract("Basic dXNlcg==", query("q"), List.of())).isEqualTo(new BearerToken("q", Carrier.QUERY));
    assertThat(TokenExtractor.extract("Bearerabc", Map.of(), List.of())).isNull();
  }

  @Test
  void readsTheFirstQueryToken() {
    Map<String, Deque<String>> twice = Map.of("token", new ArrayDeque<>(List.of("first", "second")));
    assertThat(TokenExtractor.extract(null, twice, List.of())).isEqualTo(new BearerToken("first", Carrier.QUERY));
  }

  @Test
  void readsABearerSubprotocolFromAnyHeaderInstance() {
    assertThat(TokenExtractor.extract(null, Map.of(), List.of("chat", "bearer, bearer.t0k"))).isEqualTo(
        new BearerToken("t0k", Carrier.SUBPROTOCOL));
    assertThat(TokenExtractor.extract(null, Map.of(), List.of("bearer"))).isNull();
    assertThat(TokenExtractor.extract(null, Map.of(), List.of("Bearer.x"))).as("subprotocols are case-sensitive").isNull();
  }

  @Test
  void neverShowsTheTokenInItsTextForm() {
    assertThat(TokenExtractor.extract("Bearer s3cret-value", Map.of(), List.of()).toString()).doesNotContain("s3cret");
  }
}
