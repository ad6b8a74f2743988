package dev.warden.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts, for each test method, a {@link MockIssuer} and a real {@code TokenValidator} trusting it (and a local
 * issuer for anonymous callers), all on one {@link TestClock}, and injects into test methods: {@link MockIssuer},
 * {@link TokenFactory}, {@code TokenValidator}, {@code ClaimsMapper}, {@link TestCallers}, {@code LocalIssuer},
 * {@link TestClock}, the {@code CallerContext} described by {@link WithCaller}, and, when {@link #module()} is
 * set, a fresh {@link TestHost} per test whose {@code connect(token)} uses that validator.
 *
 * <p>The claims mapper reads a flat {@code roles} claim, unless the class has a {@link WardenClaims} member
 * giving the production mapping (a {@code RoleMapping} such as {@code RoleMapping.keycloak("game-client")}, or
 * a {@code ClaimsMapper}); the mock issuer then mints its tokens in that provider's shape.
 *
 * <p>Each test has its own issuer, validator and clock, so a key rotation, an outage or a moved clock in one
 * test never reaches another; {@link #shared()} shares them across the class instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(WardenExtension.class)
public @interface WardenTest {

    /** @return the module class a {@link TestHost} runs (needs a no-argument constructor); none by default */
    Class<?> module() default void.class;

    /** @return configures the policy engine (policies, hierarchy, owner) */
    Class<? extends EngineConfig> engine() default EngineConfig.None.class;

    /**
     * @return true to share one clock, issuer, local issuer and validator across the test class (faster with
     *     many tests; then a key rotation, an outage or a moved clock in one test carries over to the next);
     *     false, the default, for a fresh set per test method
     */
    boolean shared() default false;
}
