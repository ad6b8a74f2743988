package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Runs one suite's vectors on every provider and compares each provider's verdicts with the JDK's: the counts
 * (vectors run, agreements, disagreements) go to {@code target/provider-agreement.txt} for SECURITY.md's table,
 * and the disagreements must be exactly the documented ones.
 */
final class ProviderAgreement {

    static final Path REPORT = Path.of("target", "provider-agreement.txt");

    private ProviderAgreement() {}

    /**
     * @param suite the suite's name, for the report
     * @param vectors the vectors' names
     * @param verdict a provider's verdict on a vector (any value that compares with equals: true, a reason...)
     * @param documented per provider, the vectors on which it is known and documented to differ from the JDK
     */
    static <V> void check(String suite, List<V> vectors, java.util.function.Function<V, String> name,
                          BiFunction<NativeProviders, V, Object> verdict,
                          Map<NativeProviders, Set<String>> documented) {
        Map<String, Object> jdk = new LinkedHashMap<>();
        for (V v : vectors) {
            jdk.put(name.apply(v), verdict.apply(NativeProviders.JDK, v));
        }
        List<String> lines = new ArrayList<>();
        for (NativeProviders p : NativeProviders.ALL) {
            Set<String> differ = new TreeSet<>();
            for (V v : vectors) {
                Object mine = p == NativeProviders.JDK ? jdk.get(name.apply(v)) : verdict.apply(p, v);
                if (!java.util.Objects.equals(mine, jdk.get(name.apply(v)))) {
                    differ.add(name.apply(v));
                }
            }
            lines.add(suite + "\t" + p + "\t" + p.engines().describe() + "\trun=" + vectors.size() + "\tagree="
                    + (vectors.size() - differ.size()) + "\tdisagree=" + differ.size() + "\t" + differ);
            assertThat(differ).as(suite + ": vectors where " + p + " and the JDK differ")
                    .isEqualTo(new TreeSet<>(documented.getOrDefault(p, Set.of())));
        }
        report(lines);
    }

    /** Per suite and provider: how many cases ran and how many got the JDK's (and the expected) verdict. */
    static final Map<String, int[]> TALLY = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts one case of a suite whose every case asserts the exact expected verdict on every provider. */
    static void count(String suite, NativeProviders p, boolean asExpected) {
        int[] t = TALLY.computeIfAbsent(suite + "\t" + p, k -> new int[2]);
        synchronized (t) {
            t[0]++;
            t[1] += asExpected ? 1 : 0;
        }
    }

    /** Counts a case that has started; {@link #passed} counts it as agreeing once all its assertions held. */
    static void started(String suite, NativeProviders p) {
        int[] t = TALLY.computeIfAbsent(suite + "\t" + p, k -> new int[2]);
        synchronized (t) {
            t[0]++;
        }
    }

    /** Counts a started case whose assertions all held. */
    static void passed(String suite, NativeProviders p) {
        int[] t = TALLY.computeIfAbsent(suite + "\t" + p, k -> new int[2]);
        synchronized (t) {
            t[1]++;
        }
    }

    /** Writes the tally of {@code suite} to the report. */
    static void reportTally(String suite) {
        List<String> lines = new ArrayList<>();
        for (NativeProviders p : NativeProviders.ALL) {
            int[] t = TALLY.getOrDefault(suite + "\t" + p, new int[2]);
            lines.add(suite + "\t" + p + "\t" + p.engines().describe() + "\trun=" + t[0] + "\tagree=" + t[1]
                    + "\tdisagree=" + (t[0] - t[1]));
        }
        report(lines);
    }

    /** Whether this test run has written the report yet: its first write replaces the file of an earlier run. */
    private static boolean written;

    private static synchronized void report(List<String> lines) {
        try {
            Files.createDirectories(REPORT.getParent());
            Files.write(REPORT, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    written ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
