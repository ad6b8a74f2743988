package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenValidator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The connect path: token to caller context (validation, identity, roles), new and repeated token. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    Fixtures f;
    TokenValidator fresh;
    TokenValidator cached;
    final ConnectionId connection = ConnectionId.of(1, 2);

    @Setup
    public void setup() {
        f = new Fixtures(alg);
        fresh = f.warden(false);
        cached = f.warden(true);
        cached.validate(f.token);
    }

    @TearDown
    public void tearDown() {
        fresh.close();
        cached.close();
    }

    @Benchmark
    public CallerContext newToken() {
        return Callers.MAPPER.toCaller(fresh.validate(f.token), connection);
    }

    @Benchmark
    public CallerContext repeatedToken() {
        return Callers.MAPPER.toCaller(cached.validate(f.token), connection);
    }
}
