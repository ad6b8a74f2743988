package dev.warden.testkit;

import dev.warden.policy.host.Warden;
import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.policy.PolicyEngine;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WardenTest}: a {@link TestClock}, mock issuer, local issuer, validator
 * and claims mapper per test method (per test class with {@link WardenTest#shared()}), closed after it, and
 * one {@link TestHost} per test method, which validates tokens with that validator.
 *
 * <p>The host starts before each test, ahead of {@code @BeforeEach} methods and parameter resolution, so a
 * module that cannot start fails the test with its own error (a {@code PolicyCompilationException} listing
 * every problem), never with JUnit's "Failed to resolve parameter" wrapped around it.
 */
public final class WardenExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WardenExtension.class);

    /** The resources of a test method, or of a test class that shares them; all on one clock. */
    static final class Resources implements AutoCloseable {
        final TestClock clock = TestClock.now();
        final MockIssuer issuer = MockIssuer.builder().clock(clock).start();
        final LocalIssuer local = LocalIssuer.builder().clock(clock).build();
        final TokenValidator validator = TokenValidator.builder().clock(clock).trust(issuer.trust().build())
                .trust(local.trustedIssuer()).build();
        // tests mint role-less tokens on purpose: no "this issuer's tokens carry no roles" warning per test
        final ClaimsMapper mapper = ClaimsMapper.builder().defaultRoles(MockIssuer.roleMapping())
                .anonymousIssuer(local.issuer()).warnWhenRolesMissing(false).build();

        @Override
        public void close() {
            validator.close();
            issuer.close();
        }
    }

    /** Starts the test's host, if it has a module: a startup error fails the test as it is. */
    @Override
    public void beforeEach(ExtensionContext c) {
        if (config(c).module() != void.class) {
            host(c, resources(c));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> t = p.getParameter().getType();
        return t == MockIssuer.class || t == TokenFactory.class || t == TokenValidator.class || t == ClaimsMapper.class
                || t == TestCallers.class || t == LocalIssuer.class || t == CallerContext.class || t == TestHost.class
                || t == TestClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Class<?> t = p.getParameter().getType();
        Resources r = resources(c);
        if (t == MockIssuer.class) {
            return r.issuer;
        }
        if (t == TestClock.class) {
            return r.clock;
        }
        if (t == TokenFactory.class) {
            return r.issuer.tokens();
        }
        if (t == TokenValidator.class) {
            return r.validator;
        }
        if (t == ClaimsMapper.class) {
            return r.mapper;
        }
        if (t == LocalIssuer.class) {
            return r.local;
        }
        if (t == TestHost.class) {
            return host(c, r);
        }
        TestCallers callers = new TestCallers(r.issuer, r.local, r.validator, r.mapper, moduleIdentity(c, r));
        if (t == TestCallers.class) {
            return callers;
        }
        WithCaller spec = withCaller(c).orElseThrow(() -> new ParameterResolutionException(
                "a CallerContext parameter needs @WithCaller on the test method or class"));
        try {
            return callers.of(spec);
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** The method's {@link WithCaller} if it has one, else the nearest class's. */
    static Optional<WithCaller> withCaller(ExtensionContext c) {
        Optional<Method> m = c.getTestMethod();
        if (m.isPresent() && m.get().isAnnotationPresent(WithCaller.class)) {
            return Optional.of(m.get().getAnnotation(WithCaller.class));
        }
        for (Class<?> k = c.getRequiredTestClass(); k != null; k = k.getEnclosingClass()) {
            WithCaller w = k.getAnnotation(WithCaller.class);
            if (w != null) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private static Resources resources(ExtensionContext c) {
        boolean perMethod = !config(c).shared() && c.getTestMethod().isPresent();
        ExtensionContext owner = c;
        while (!perMethod && owner.getParent().isPresent() && owner.getTestMethod().isPresent()) {
            owner = owner.getParent().get();
        }
        return owner.getStore(NS).getOrComputeIfAbsent(Resources.class, k -> new Resources(), Resources.class);
    }

    private static WardenTest config(ExtensionContext c) {
        for (Class<?> k = c.getRequiredTestClass(); k != null; k = k.getEnclosingClass()) {
            WardenTest w = k.getAnnotation(WardenTest.class);
            if (w != null) {
                return w;
            }
        }
        throw new ExtensionConfigurationException("@WardenTest is missing on " + c.getRequiredTestClass().getName());
    }

    private static Identity moduleIdentity(ExtensionContext c, Resources r) {
        WardenTest w = config(c);
        return w.module() == void.class ? Warden.defaultModuleIdentity(void.class)
                : host(c, r).moduleIdentity();
    }

    private static TestHost<?> host(ExtensionContext c, Resources r) {
        WardenTest w = config(c);
        if (w.module() == void.class) {
            throw new ParameterResolutionException("a TestHost parameter needs @WardenTest(module = YourModule.class)");
        }
        ExtensionContext.Store store = c.getStore(NS);
        return store.getOrComputeIfAbsent(TestHost.class, k -> {
            PolicyEngine.Builder engine = PolicyEngine.builder();
            try {
                w.engine().getDeclaredConstructor().newInstance().configure(engine, r.issuer);
            } catch (ReflectiveOperationException e) {
                throw new ExtensionConfigurationException(w.engine().getName()
                        + " needs a public no-argument constructor", e);
            }
            return TestHost.start(w.module(), engine.build(), r.validator, r.mapper);
        }, TestHost.class);
    }
}
