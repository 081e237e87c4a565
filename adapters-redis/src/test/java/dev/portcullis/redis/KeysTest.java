package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.LeaseScope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {

  private final Keys keys = new Keys("portcullis");

  @Test
  void anAddressKeyIsReadableAndCarriesTheAddressAsItsHashTag() {
    assertThat(keys.rate("attempts", "203.0.113.5")).isEqualTo("portcullis:{203.0.113.5}:rate:attempts");
    assertThat(keys.lease(LeaseScope.ADDRESS, "2001:db8:1:2:0:0:0:0/64"))
        .isEqualTo("portcullis:{2001:db8:1:2:0:0:0:0/64}:lease:address");
  }

  @Test
  void everyKeyOfOneAddressHasTheSameHashTag() {
    String address = "198.51.100.7";
    for (String key : List.of(keys.rate("attempts", address), keys.rate("failed-auth", address),
        keys.lease(LeaseScope.ADDRESS, address))) {
      assertThat(hashTag(key)).isEqualTo(address);
    }
  }

  @Test
  void braceStarNewlineAndHugePartsAreHashedSoTheyCannotBreakTheTagOrCollide() {
    String braces = "user}{evil";
    String huge = "x".repeat(10_000);
    Set<String> built = new HashSet<>();
    for (String subject : List.of(braces, "user*", "user\nname", huge, huge + "y", "user name", "#abc")) {
      String key = keys.lease(LeaseScope.SUBJECT, subject);
      assertThat(key).hasSizeLessThan(100).doesNotContain("\n", "*", " ");
      assertThat(hashTag(key)).startsWith("#").hasSize(23);
      built.add(key);
    }
    assertThat(built).hasSize(7);
  }

  @Test
  void aVerbatimPartNeverEqualsAHashedOne() {
    String hashedForm = Keys.part("a b");

    assertThat(Keys.part(hashedForm)).isNotEqualTo(hashedForm); // '#' is not verbatim, so it is hashed again
  }

  @Test
  void subjectAndIdOfAReplayKeyCannotBeConfusedByWhereTheyJoin() {
    assertThat(keys.replay("user-1:a", "b")).isNotEqualTo(keys.replay("user-1", "a:b"));
  }

  @Test
  void theFleetWideStructuresShareOneSlotEach() {
    assertThat(hashTag(keys.blockIndex())).isEqualTo(hashTag(keys.blockBodies())).isEqualTo(hashTag(keys.blockVersion()))
        .isEqualTo(hashTag(keys.blockEpoch())).isEqualTo("blocks");
    assertThat(hashTag(keys.lease(LeaseScope.TOTAL, "ignored"))).isEqualTo("total");
  }

  private static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return key.substring(open + 1, close);
  }
}
