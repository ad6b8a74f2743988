package dev.warden.testkit;

import dev.warden.policy.host.Warden;
import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.policy.PolicyEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link WardenTest}: a {@link TestClock}, mock issuer, local issuer, validator
 * and claims mapper per test method (per test class with {@link WardenTest#shared()}), closed after it, and
 * one {@link TestHost} per test method, which validates tokens with that validator. The claims mapper, and the
 * shape of the mock issuer's tokens, come from the test class's {@link WardenClaims} member when it has one.
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
        final MockIssuer issuer;
        final LocalIssuer local = LocalIssuer.builder().clock(clock).build();
        final TokenValidator validator;
        final ClaimsMapper mapper;

        Resources(Function<String, ClaimsMapper> claims) {
            this.issuer = MockIssuer.builder().clock(clock).start();
            try {
                this.mapper = claims.apply(issuer.issuer());
                issuer.mintFor(mapper);
                this.validator = TokenValidator.builder().clock(clock).trust(issuer.trust().build())
                        .trust(local.trustedIssuer()).build();
            } catch (RuntimeException e) {
                issuer.close();
                throw e;
            }
        }

        @Override
        public void close() {
            validator.close();
            issuer.close();
        }
    }

    /**
     * @param mapping the tokens' role mapping
     * @return a mapper reading every issuer's tokens with it; quiet about role-less tokens, which tests mint
     *     on purpose
     */
    private static ClaimsMapper mapperFor(RoleMapping mapping) {
        return ClaimsMapper.builder().defaultRoles(mapping).warnWhenRolesMissing(false).build();
    }

    /**
     * The test class's claims mapping: its {@link WardenClaims} member (the nearest class's, a nested class
     * first), else the mock issuer's flat {@code roles}.
     *
     * @return the mapper for a given issuer
     * @throws ExtensionConfigurationException if a member is not one of the forms {@link WardenClaims} takes,
     *     or a class has several
     */
    static Function<String, ClaimsMapper> claims(Class<?> testClass) {
        for (Class<?> k = testClass; k != null; k = k.getEnclosingClass()) {
            List<Field> fields = AnnotationSupport.findAnnotatedFields(k, WardenClaims.class);
            List<Method> methods = AnnotationSupport.findAnnotatedMethods(k, WardenClaims.class,
                    HierarchyTraversalMode.TOP_DOWN);
            List<String> found = new ArrayList<>();
            fields.forEach(f -> found.add(f.getDeclaringClass().getSimpleName() + "." + f.getName()));
            methods.forEach(m -> found.add(m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()"));
            if (found.size() > 1) {
                throw new ExtensionConfigurationException("@WardenClaims marks one member, found " + found.size()
                        + ": " + found);
            }
            if (!fields.isEmpty()) {
                return fromField(fields.get(0));
            }
            if (!methods.isEmpty()) {
                return fromMethod(methods.get(0));
            }
        }
        return issuer -> mapperFor(MockIssuer.roleMapping());
    }

    private static Function<String, ClaimsMapper> fromField(Field f) {
        if (!Modifier.isStatic(f.getModifiers()) || !RoleMapping.class.isAssignableFrom(f.getType())) {
            throw misplaced(f.getDeclaringClass().getName() + "." + f.getName());
        }
        RoleMapping mapping = (RoleMapping) ReflectionSupport.tryToReadFieldValue(f, null).getOrThrow(e ->
                new ExtensionConfigurationException("cannot read @WardenClaims " + f, e));
        return given(mapping, f.getName());
    }

    private static Function<String, ClaimsMapper> fromMethod(Method m) {
        String name = m.getDeclaringClass().getName() + "." + m.getName() + "()";
        if (!Modifier.isStatic(m.getModifiers())) {
            throw misplaced(name);
        }
        if (m.getParameterCount() == 0 && RoleMapping.class.isAssignableFrom(m.getReturnType())) {
            return given((RoleMapping) ReflectionSupport.invokeMethod(m, null), name);
        }
        if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class
                && ClaimsMapper.class.isAssignableFrom(m.getReturnType())) {
            return issuer -> {
                ClaimsMapper mapper = (ClaimsMapper) ReflectionSupport.invokeMethod(m, null, issuer);
                if (mapper == null) {
                    throw new ExtensionConfigurationException("@WardenClaims " + name + " returned null");
                }
                return mapper;
            };
        }
        throw misplaced(name);
    }

    private static Function<String, ClaimsMapper> given(RoleMapping mapping, String name) {
        if (mapping == null) {
            throw new ExtensionConfigurationException("@WardenClaims " + name + " is null");
        }
        return issuer -> mapperFor(mapping);
    }

    private static ExtensionConfigurationException misplaced(String member) {
        return new ExtensionConfigurationException("@WardenClaims " + member + " must be a static RoleMapping field "
                + "or no-argument method, or a static method taking the issuer: static ClaimsMapper name(String "
                + "issuer)");
    }

    /**
     * Starts the test's resources, and its host if it has a module: a startup or configuration error fails the
     * test as it is.
     */
    @Override
    public void beforeEach(ExtensionContext c) {
        Resources r = resources(c);
        if (config(c).module() != void.class) {
            host(c, r);
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
        Class<?> testClass = c.getRequiredTestClass();
        return owner.getStore(NS).getOrComputeIfAbsent(Resources.class, k -> new Resources(claims(testClass)),
                Resources.class);
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
            return TestHost.start(w.module(), engine.build(), r.validator, r.mapper, r.clock);
        }, TestHost.class);
    }
}
