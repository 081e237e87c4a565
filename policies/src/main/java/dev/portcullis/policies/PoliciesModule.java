package dev.portcullis.policies;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.policies.message.EnvelopePolicy;
import dev.portcullis.policies.message.HoneypotPolicy;
import dev.portcullis.policies.message.MessageRatePolicy;
import dev.portcullis.policies.message.MessageTypePolicy;
import dev.portcullis.policies.message.PayloadSchemaPolicy;
import dev.portcullis.policies.message.ReplayPolicy;
import dev.portcullis.policies.message.TimestampPolicy;
import dev.portcullis.policies.message.TypeRatePolicy;

/** Binds the built-in connection and message policies into their pipelines, each under its id. */
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
    policies.addBinding(SubjectBlockPolicy.ID).to(SubjectBlockPolicy.class).in(Scopes.SINGLETON);
    policies.addBinding(UserLimitPolicy.ID).to(UserLimitPolicy.class).in(Scopes.SINGLETON);

    MapBinder<PolicyId, MessagePolicy<?>> messages = PortcullisModule.messagePolicies(binder());
    messages.addBinding(MessageRatePolicy.ID).to(MessageRatePolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(EnvelopePolicy.ID).to(EnvelopePolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(HoneypotPolicy.ID).to(HoneypotPolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(MessageTypePolicy.ID).to(MessageTypePolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(TypeRatePolicy.ID).to(TypeRatePolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(TimestampPolicy.ID).to(TimestampPolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(ReplayPolicy.ID).to(ReplayPolicy.class).in(Scopes.SINGLETON);
    messages.addBinding(PayloadSchemaPolicy.ID).to(PayloadSchemaPolicy.class).in(Scopes.SINGLETON);
  }
}
