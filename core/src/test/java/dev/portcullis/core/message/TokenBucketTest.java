package dev.portcullis.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void allowsTheBurstAtOnceThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(10, 3, nanos::get);

    assertThat(bucket.tryTake(1)).isTrue();
    assertThat(bucket.tryTake(1)).isTrue();
    assertThat(bucket.tryTake(1)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();

    nanos.addAndGet(99_000_000); // 0.099 s: not yet one token at 10/s
    assertThat(bucket.tryTake(1)).isFalse();
    nanos.addAndGet(1_000_000);
    assertThat(bucket.tryTake(1)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket bucket = new TokenBucket(10, 2, nanos::get);
    nanos.addAndGet(60_000_000_000L);

    assertThat(bucket.tryTake(2)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();
  }

  @Test
  void aRefusedTakeSpendsNothing() {
    TokenBucket bytes = new TokenBucket(100, 100, nanos::get);

    assertThat(bytes.tryTake(150)).isFalse();
    assertThat(bytes.tryTake(100)).isTrue();
  }
}
