package dev.warden.testkit;

import dev.warden.policy.PolicyEngine;

/**
 * Configures the policy engine a {@link WardenTest} compiles its module with: named policies, row policies,
 * role hierarchy, module owner. Needs a public no-argument constructor.
 */
@FunctionalInterface
public interface EngineConfig {

    /**
     * @param engine the builder to configure
     * @param issuer the test's mock issuer (for example to derive the owner's identity)
     */
    void configure(PolicyEngine.Builder engine, MockIssuer issuer);

    /** No configuration. */
    final class None implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            // nothing to configure
        }
    }
}
