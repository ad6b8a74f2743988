package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.claims.RoleId;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.ResolvedEntryPoint;
import dev.warden.policy.PolicyEngine;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.method.Jsr250AuthorizationManager;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.util.SimpleMethodInvocation;

/**
 * The per-call guard on the allow path, same method and caller: Warden's compiled role check (the guard
 * alone, and the whole {@code GuardedModule.check} with lookup, binding and decision), a claim rule, a
 * {@code @Policy} with argument binding; Spring Security's {@code AuthorityAuthorizationManager},
 * {@code Jsr250AuthorizationManager} and {@code @PreAuthorize("hasRole('ADMIN')")}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardBenchmark {

    static final Object[] NO_ARGS = new Object[0];

    GuardedModule<BenchModule> module;
    ResolvedEntryPoint<BenchModule> banUser;
    BenchModule instance = new BenchModule();
    CallerContext admin;
    RoleId adminRole = RoleId.of("admin");
    Object[] policyArgs = {7L, "text"};

    Supplier<Authentication> authentication;
    AuthorityAuthorizationManager<Object> springAuthority;
    Jsr250AuthorizationManager springJsr250;
    PreAuthorizeAuthorizationManager springPreAuthorize;
    SimpleMethodInvocation invocation;

    @Setup
    public void setup() throws Exception {
        Fixtures f = new Fixtures("ES256");
        module = PolicyEngine.builder()
                .policy("owner", (caller, call) -> call.arg(0, Long.class) == 7L)
                .build().compile(BenchModule.class);
        admin = Callers.caller(f, List.of("player", "admin"), Map.of("tenant_id", "t1"));
        Authentication auth = new TestingAuthenticationToken("user-1", "n/a", "ROLE_PLAYER", "ROLE_ADMIN");
        authentication = () -> auth;
        springAuthority = AuthorityAuthorizationManager.hasRole("ADMIN");
        springJsr250 = new Jsr250AuthorizationManager();
        springPreAuthorize = new PreAuthorizeAuthorizationManager();
        Method m = BenchModule.SpringTwin.class.getMethod("banUser");
        invocation = new SimpleMethodInvocation(new BenchModule.SpringTwin(), m);
        check("authority", springAuthority.authorize(authentication, invocation).isGranted());
        check("jsr250", springJsr250.authorize(authentication, invocation).isGranted());
        check("preAuthorize", springPreAuthorize.authorize(authentication, invocation).isGranted());
        check("role", module.check(instance, "ban_user", admin, NO_ARGS).allowed());
        banUser = module.resolve("ban_user");
        check("resolved role", banUser.check(instance, admin, NO_ARGS).allowed());
        check("claim", module.check(instance, "tenant_export", admin, NO_ARGS).allowed());
        check("policy", module.check(instance, "edit_post", admin, policyArgs).allowed());
    }

    private static void check(String what, boolean allowed) {
        if (!allowed) {
            throw new IllegalStateException("the benchmark measures the allow path, but " + what + " denies");
        }
    }

    boolean allowed = true;

    /** What JMH itself costs for a method that reads a field and returns a boolean: the floor under every row. */
    @Benchmark
    public boolean baseline() {
        return allowed;
    }

    @Benchmark
    public boolean wardenRoleGuard() {
        return admin.roles().contains(adminRole);
    }

    @Benchmark
    public boolean wardenRoleCheck() {
        return module.check(instance, "ban_user", admin, NO_ARGS).allowed();
    }

    /** The whole check through an entry point the host resolved once: no lookup by name. */
    @Benchmark
    public boolean wardenResolvedRoleCheck() {
        return banUser.check(instance, admin, NO_ARGS).allowed();
    }

    @Benchmark
    public boolean wardenClaimCheck() {
        return module.check(instance, "tenant_export", admin, NO_ARGS).allowed();
    }

    @Benchmark
    public boolean wardenPolicyWithArguments() {
        return module.check(instance, "edit_post", admin, policyArgs).allowed();
    }

    @Benchmark
    public boolean springAuthorityAuthorizationManager() {
        return springAuthority.authorize(authentication, invocation).isGranted();
    }

    @Benchmark
    public boolean springJsr250AuthorizationManager() {
        return springJsr250.authorize(authentication, invocation).isGranted();
    }

    @Benchmark
    public boolean springPreAuthorize() {
        return springPreAuthorize.authorize(authentication, invocation).isGranted();
    }
}
