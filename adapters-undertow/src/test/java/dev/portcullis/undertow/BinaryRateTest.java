package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.MessageConfig;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BinaryRateTest {

  private final AtomicLong nanos = new AtomicLong();

  private BinaryRate rate(int perSecond, int burst, long bytesPerSecond) {
    MessageConfig config = TestServer.defaults().maxMessagesPerSecond(perSecond).messageBurst(burst)
        .maxBytesPerSecond(bytesPerSecond).build().messages();
    return new BinaryRate(config, nanos::get);
  }

  @Test
  void admitsABurstThenRefillsAtTheMessageRate() {
    BinaryRate rate = rate(2, 3, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(rate.admit(10)).isTrue();
    }
    assertThat(rate.admit(10)).isFalse();
    nanos.addAndGet(500_000_000L); // half a second: one message at 2 a second
    assertThat(rate.admit(10)).isTrue();
    assertThat(rate.admit(10)).isFalse();
  }

  @Test
  void holdsBytesToTheByteBudgetWhenOneIsSet() {
    BinaryRate rate = rate(100, 100, 1000);
    assertThat(rate.admit(800)).isTrue();
    assertThat(rate.admit(300)).isFalse();
    nanos.addAndGet(1_000_000_000L);
    assertThat(rate.admit(300)).isTrue();
  }
}
