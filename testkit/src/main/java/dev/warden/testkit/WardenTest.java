package dev.warden.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link MockIssuer} for the test class and a real {@code TokenValidator} trusting it (and a local
 * issuer for anonymous callers), and injects into test methods: {@link MockIssuer}, {@link TokenFactory},
 * {@code TokenValidator}, {@code ClaimsMapper}, {@link TestCallers}, {@code LocalIssuer}, the
 * {@code CallerContext} described by {@link WithCaller}, and, when {@link #module()} is set, a fresh
 * {@link TestHost} per test.
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
}
