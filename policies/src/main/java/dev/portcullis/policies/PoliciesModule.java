package dev.portcullis.policies;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.PolicyId;

/** Binds the built-in connection policies into the pipeline, each under its id. */
public final class PoliciesModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<PolicyId, ConnectionPolicy> policies = PortcullisModule.connectionPolicies(binder());
    policies.addBinding(BlockListPolicy.ID).to(BlockListPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(OriginPolicy.ID).to(OriginPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(CapacityPolicy.ID).to(CapacityPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(ConnectionRatePolicy.ID).to(ConnectionRatePolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(AddressConcurrencyPolicy.ID).to(AddressConcurrencyPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(AuthenticationPolicy.ID).to(AuthenticationPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(UserLimitPolicy.ID).to(UserLimitPolicy.class).in(Scopes.SINGLETON);
  }
}
