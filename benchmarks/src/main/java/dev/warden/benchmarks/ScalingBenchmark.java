package dev.warden.benchmarks;

import dev.warden.testsupport.TestKeys;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.claims.CallerContext;
import dev.warden.claims.RoleId;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.PolicyEngine;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** How costs grow: roles per caller, entry points per module, keys per JWKS, threads. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScalingBenchmark {

    /** A caller with N roles, the one asked for last. */
    @State(Scope.Benchmark)
    public static class Roles {
        @Param({"1", "10", "100", "1000"})
        public int roles;

        CallerContext caller;
        RoleId admin = RoleId.of("admin");
        GuardedModule<BenchModule> module;
        final BenchModule instance = new BenchModule();

        @Setup
        public void setup() {
            List<String> names = new ArrayList<>();
            for (int i = 1; i < roles; i++) {
                names.add("role-" + i);
            }
            names.add("admin");
            caller = Callers.caller(new Fixtures("ES256"), names, Map.of());
            module = PolicyEngine.builder().policy("owner", (c, i) -> true).build().compile(BenchModule.class);
        }
    }

    /** A module with N entry points, compiled at setup; the check goes to one of them. */
    @State(Scope.Benchmark)
    public static class EntryPoints {
        @Param({"10", "100", "1000"})
        public int entryPoints;

        GuardedModule<Object> module;
        Object instance;
        CallerContext caller;
        String target;

        @Setup
        @SuppressWarnings("unchecked")
        public void setup() throws Exception {
            Path dir = Files.createTempDirectory("warden-bench");
            StringBuilder src = new StringBuilder("package gen; import dev.warden.policy.*; public class Big {\n");
            for (int i = 0; i < entryPoints; i++) {
                src.append("@Reducer(\"r").append(i).append("\") @RequiresAnyRole(\"role-").append(i % 50)
                        .append("\") public void r").append(i).append("() {}\n");
            }
            Path file = dir.resolve("gen").resolve("Big.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, src.append("}").toString());
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d", dir.toString(),
                    file.toString()) != 0) {
                throw new IllegalStateException("could not compile the generated module");
            }
            Class<Object> big = (Class<Object>) new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    getClass().getClassLoader()).loadClass("gen.Big");
            module = PolicyEngine.builder().build().compile(big);
            instance = big.getDeclaredConstructor().newInstance();
            target = "r" + (entryPoints - 1);
            caller = Callers.caller(new Fixtures("ES256"), List.of("role-" + ((entryPoints - 1) % 50)), Map.of());
        }
    }

    /** A validator whose issuer publishes N keys; the token's kid is the last. */
    @State(Scope.Benchmark)
    public static class Keys {
        @Param({"1", "10", "100", "1000"})
        public int keys;

        TokenValidator validator;
        String token;

        @Setup(Level.Trial)
        public void setup() {
            Fixtures f = new Fixtures("ES256");
            List<JWK> jwks = new ArrayList<>();
            KeyPair last = null;
            for (int i = 0; i < keys; i++) {
                last = TestKeys.ec();
                jwks.add(new ECKey.Builder(Curve.P_256, (ECPublicKey) last.getPublic()).keyID("k" + i).build());
            }
            validator = TokenValidator.builder().noVerifiedTokenCache().trust(TrustedIssuer.builder(Fixtures.ISSUER)
                    .audiences(Fixtures.AUDIENCE).staticKeys(new JWKSet(jwks).toString()).build()).build();
            token = f.token(last, "k" + (keys - 1), "user-1", List.of("admin"));
        }

        @TearDown
        public void tearDown() {
            validator.close();
        }
    }

    /** The shared validator of the thread benchmarks. */
    @State(Scope.Benchmark)
    public static class Shared {
        Fixtures f = new Fixtures("ES256");
        TokenValidator validator = f.warden(false);
    }

    @Benchmark
    public boolean roleGuardByRoles(Roles s) {
        return s.caller.roles().contains(s.admin);
    }

    @Benchmark
    public boolean roleCheckByRoles(Roles s) {
        return s.module.check(s.instance, "ban_user", s.caller, GuardBenchmark.NO_ARGS).allowed();
    }

    @Benchmark
    public boolean roleCheckByEntryPoints(EntryPoints s) {
        return s.module.check(s.instance, s.target, s.caller, GuardBenchmark.NO_ARGS).allowed();
    }

    @Benchmark
    public Object validationByJwksKeys(Keys s) {
        return s.validator.validate(s.token);
    }

    @Benchmark
    @Threads(1)
    public Object validationOneThread(Shared s) {
        return s.validator.validate(s.f.token);
    }

    @Benchmark
    @Threads(2)
    public Object validationTwoThreads(Shared s) {
        return s.validator.validate(s.f.token);
    }
}
