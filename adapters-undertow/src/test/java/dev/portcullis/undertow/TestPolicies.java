package dev.portcullis.undertow;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.LeaseScope;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Connection policies for tests, each doing one visible thing. All thread-safe. */
final class TestPolicies {

  private TestPolicies() {}

  /** Runs first and records every request it sees, with the thread that judged it. */
  static final class Capturing implements ConnectionPolicy {
    record Seen(HandshakeRequest request, String thread) {}

    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    @Override
    public PolicyId id() {
      return PolicyId.of("test-capture");
    }

    @Override
    public PolicyKind kind() {
      return PolicyKind.GUARD;
    }

    @Override
    public int order() {
      return 10;
    }

    @Override
    public Verdict evaluate(HandshakeContext context) {
      seen.add(new Seen(context.request(), Thread.currentThread().getName()));
      return Verdict.allow();
    }

    HandshakeRequest next() throws InterruptedException {
      Seen s = seen.poll(5, TimeUnit.SECONDS);
      return s == null ? null : s.request();
    }
  }

  /** Holds an address slot and a node slot, as the concurrency and capacity policies will. */
  static final class Leasing implements ConnectionPolicy {
    private final ConnectionRegistry registry;

    Leasing(ConnectionRegistry registry) {
      this.registry = registry;
    }

    @Override
    public PolicyId id() {
      return PolicyId.of("test-leasing");
    }

    @Override
    public PolicyKind kind() {
      return PolicyKind.LIMIT;
    }

    @Override
    public int order() {
      return 100;
    }

    @Override
    public Verdict evaluate(HandshakeContext context) {
      var address = registry.tryLease(LeaseScope.ADDRESS, context.request().client().key(), 10_000);
      if (address.isEmpty()) {
        return Verdict.refuse("rate_limited", 429);
      }
      context.hold(address.get());
      var total = registry.tryLease(LeaseScope.TOTAL, "", 10_000);
      if (total.isEmpty()) {
        return Verdict.refuse("capacity", 503);
      }
      context.hold(total.get());
      return Verdict.allow();
    }
  }

  /** Does whatever the test scripted (allow by default); the script may block, as I/O would. */
  static final class Scripted implements ConnectionPolicy {
    volatile Function<HandshakeRequest, Verdict> script = request -> Verdict.allow();

    @Override
    public PolicyId id() {
      return PolicyId.of("test-scripted");
    }

    @Override
    public PolicyKind kind() {
      return PolicyKind.GUARD;
    }

    @Override
    public int order() {
      return 200;
    }

    @Override
    public Verdict evaluate(HandshakeContext context) {
      return script.apply(context.request());
    }
  }

  /**
   * Authentication as CONTRACT §2 describes it: a token must be valid (401 otherwise); no token is
   * refused 401 under {@code WS_AUTH_TIMEOUT=0} and deferred to the first message above it. A valid
   * token's subject takes one of its {@code WS_MAX_CONNECTIONS_PER_USER} slots, as the user-limit
   * policy does. Inert under {@code WS_REQUIRE_AUTH=false}.
   */
  static final class Authenticating implements ConnectionPolicy {
    private final AuthPort auth;
    private final AuthConfig config;
    private final ConnectionRegistry registry;
    private final int maxPerUser;

    Authenticating(AuthPort auth, AuthConfig config, ConnectionRegistry registry, int maxPerUser) {
      this.auth = auth;
      this.config = config;
      this.registry = registry;
      this.maxPerUser = maxPerUser;
    }

    @Override
    public PolicyId id() {
      return PolicyId.of("test-authentication");
    }

    @Override
    public PolicyKind kind() {
      return PolicyKind.GUARD;
    }

    @Override
    public int order() {
      return 300;
    }

    @Override
    public Verdict evaluate(HandshakeContext context) {
      if (!config.requireAuth()) {
        return Verdict.allow(); // WS_REQUIRE_AUTH=false: tokens are not looked at
      }
      if (context.request().token() == null) {
        if (config.authTimeout().isZero()) {
          return Verdict.refuse("unauthorized", 401);
        }
        context.deferAuthentication();
        return Verdict.allow();
      }
      if (auth.authenticate(context.request().token()) instanceof AuthResult.Authenticated ok) {
        context.authenticated(ok.principal());
        var slot = registry.tryLease(LeaseScope.SUBJECT, ok.principal().subject(), maxPerUser);
        if (slot.isEmpty()) {
          return Verdict.refuse("too_many_connections", 429);
        }
        context.hold(slot.get());
        return Verdict.allow();
      }
      return Verdict.refuse("unauthorized", 401);
    }
  }
}
