package dev.portcullis.jwt;

import java.security.Key;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A real key source that also counts how often a key is looked up (once per verification). */
final class CountingKeySource implements KeySource {

  private final KeySource delegate;
  private final AtomicInteger lookups = new AtomicInteger();

  CountingKeySource(KeySource delegate) {
    this.delegate = delegate;
  }

  int lookups() {
    return lookups.get();
  }

  @Override
  public Set<String> fittingAlgorithms() {
    return delegate.fittingAlgorithms();
  }

  @Override
  public Key find(String alg, String kid) {
    lookups.incrementAndGet();
    return delegate.find(alg, kid);
  }
}
