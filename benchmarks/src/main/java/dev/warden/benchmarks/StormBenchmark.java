package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenValidator;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * A connection storm: {@code Warden.connect} end to end (validation, identity, roles, the connection rule and
 * the {@code @OnConnect} hook) for distinct fresh tokens, each one a new subject, as after a host restart;
 * and the reconnect of a token seen before. Connections per second, on 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StormBenchmark {

    /** Distinct tokens, signed in setup (with no verified-token cache, a token met again costs as much). */
    static final int TOKENS = 4096;

    @Param({"RS256", "ES256"})
    public String alg;

    /** The signature provider: the JDK's, or AWS-LC through the Amazon Corretto Crypto Provider. */
    @Param({"JDK", "ACCP"})
    public String provider;

    Fixtures f;
    String[] tokens;
    TokenValidator fresh;
    TokenValidator cached;
    Warden<BenchModule> stormWarden;
    Warden<BenchModule> reconnectWarden;

    @Setup(Level.Trial)
    public void setup() {
        f = new Fixtures(alg);
        tokens = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            tokens[i] = f.token(f.keyPair, "k1", "user-" + i, List.of("player"));
        }
        // no verified-token cache: every distinct token costs its full verification, as in a real storm
        java.security.Provider jca = provider.equals("ACCP")
                ? com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE : null;
        fresh = f.warden(false, jca);
        cached = f.warden(true, jca);
        BenchModule module = new BenchModule();
        GuardedModule<BenchModule> guarded = PolicyEngine.builder()
                .policy("owner", (caller, call) -> call.arg(0, Long.class) == 7L)
                .build().compile(BenchModule.class);
        stormWarden = Warden.builder(guarded, module).validator(fresh).claims(Callers.MAPPER).build();
        reconnectWarden = Warden.builder(guarded, module).validator(cached).claims(Callers.MAPPER).build();
        reconnectWarden.connect(tokens[0], ConnectionId.of(1, 1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fresh.close();
        cached.close();
    }

    /** Each thread walks the tokens from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger STARTS = new AtomicInteger();
        int i = STARTS.getAndIncrement() * (TOKENS / 2);

        String next(String[] tokens) {
            i = (i + 1) % tokens.length;
            return tokens[i];
        }
    }

    @Benchmark
    @Threads(1)
    public CallerContext freshConnections1Thread(Cursor c) {
        return stormWarden.connect(c.next(tokens), ConnectionId.of(1, 2));
    }

    @Benchmark
    @Threads(2)
    public CallerContext freshConnections2Threads(Cursor c) {
        return stormWarden.connect(c.next(tokens), ConnectionId.of(1, 2));
    }

    @Benchmark
    @Threads(1)
    public CallerContext reconnectSameToken() {
        return reconnectWarden.connect(tokens[0], ConnectionId.of(1, 2));
    }
}
