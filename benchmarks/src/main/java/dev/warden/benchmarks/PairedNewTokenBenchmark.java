package dev.warden.benchmarks;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.warden.core.TokenValidator;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.conscrypt.Conscrypt;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * Warden's new-token path against its provider's floor, timed in pairs within one invocation: each invocation
 * runs one raw {@code Signature.verify} and one {@code TokenValidator.validate} (cache off), alternating which
 * goes first, and adds each one's {@code System.nanoTime} span to its own counter. Both sides of the ratio then
 * see the same CPU steal and clock drift, which on a shared 2-core VM (steal up to 50 %) moves separate JMH runs
 * of the same code by 30 % or more. The ratio is {@code wardenNanos / floorNanos}; JMH's own score is the pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PairedNewTokenBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP", "CONSCRYPT"})
    public String provider;

    Fixtures f;
    TokenValidator warden;
    Signature floor;
    PublicKey floorKey;

    /**
     * The two sides' thread CPU time, summed over an iteration, less the cost of reading the clock: time the
     * hypervisor gave to another guest (steal) is not CPU time of this thread, so this pair is immune to it.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuSpans {
        private static final java.lang.management.ThreadMXBean MX =
                java.lang.management.ManagementFactory.getThreadMXBean();
        public long floorCpuNanos;
        public long wardenCpuNanos;
        public long cpuPairs;
        boolean wardenFirst;
        long clockCost;

        @Setup(Level.Trial)
        public void calibrate() {
            long[] d = new long[2001];
            for (int i = 0; i < d.length; i++) {
                long a = MX.getCurrentThreadCpuTime();
                d[i] = MX.getCurrentThreadCpuTime() - a;
            }
            java.util.Arrays.sort(d);
            clockCost = d[d.length / 2];
        }

        @Setup(Level.Iteration)
        public void reset() {
            floorCpuNanos = 0;
            wardenCpuNanos = 0;
            cpuPairs = 0;
        }

        static long now() {
            return MX.getCurrentThreadCpuTime();
        }
    }

    /** The two sides' time, summed over an iteration (JMH reports each counter's total). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Spans {
        public long floorNanos;
        public long wardenNanos;
        public long pairs;
        boolean wardenFirst;

        @Setup(Level.Iteration)
        public void reset() {
            floorNanos = 0;
            wardenNanos = 0;
            pairs = 0;
        }
    }

    @Setup
    public void setup() throws Exception {
        f = new Fixtures(alg);
        Provider jca = provider.equals("ACCP") ? AmazonCorrettoCryptoProvider.INSTANCE
                : provider.equals("CONSCRYPT") ? Conscrypt.newProvider() : null;
        warden = f.warden(false, jca);
        warden.validate(f.token);
        floor = jca == null ? Signature.getInstance(f.jcaAlgorithm()) : Signature.getInstance(f.jcaAlgorithm(), jca);
        floorKey = jca == null ? f.publicKey()
                : (PublicKey) KeyFactory.getInstance(alg.equals("RS256") ? "RSA" : "EC", jca).translateKey(f.publicKey());
        if (!floorVerifies()) {
            throw new IllegalStateException("the floor does not verify the fixture's signature");
        }
    }

    @TearDown
    public void tearDown() {
        warden.close();
    }

    private boolean floorVerifies() throws Exception {
        floor.initVerify(floorKey);
        floor.update(f.signingInput);
        return floor.verify(f.signature);
    }

    /** One floor verification and one Warden validation, each timed on its own. */
    @Benchmark
    public Object pair(Spans spans) throws Exception {
        Object out;
        boolean ok;
        if (spans.wardenFirst) {
            long t0 = System.nanoTime();
            out = warden.validate(f.token);
            long t1 = System.nanoTime();
            ok = floorVerifies();
            long t2 = System.nanoTime();
            spans.wardenNanos += t1 - t0;
            spans.floorNanos += t2 - t1;
        } else {
            long t0 = System.nanoTime();
            ok = floorVerifies();
            long t1 = System.nanoTime();
            out = warden.validate(f.token);
            long t2 = System.nanoTime();
            spans.floorNanos += t1 - t0;
            spans.wardenNanos += t2 - t1;
        }
        spans.wardenFirst = !spans.wardenFirst;
        spans.pairs++;
        return ok ? out : null;
    }

    /** As {@link #pair}, each side timed in thread CPU time. */
    @Benchmark
    public Object pairCpu(CpuSpans spans) throws Exception {
        Object out;
        boolean ok;
        if (spans.wardenFirst) {
            long t0 = CpuSpans.now();
            out = warden.validate(f.token);
            long t1 = CpuSpans.now();
            ok = floorVerifies();
            long t2 = CpuSpans.now();
            spans.wardenCpuNanos += t1 - t0 - spans.clockCost;
            spans.floorCpuNanos += t2 - t1 - spans.clockCost;
        } else {
            long t0 = CpuSpans.now();
            ok = floorVerifies();
            long t1 = CpuSpans.now();
            out = warden.validate(f.token);
            long t2 = CpuSpans.now();
            spans.floorCpuNanos += t1 - t0 - spans.clockCost;
            spans.wardenCpuNanos += t2 - t1 - spans.clockCost;
        }
        spans.cpuPairs++;
        spans.wardenFirst = !spans.wardenFirst;
        return ok ? out : null;
    }
}
