package dev.warden.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown tables of BENCHMARKS.md: every benchmark with its score,
 * error and allocation, and each figure as a ratio to its baseline measured in the same run (the JCA floor
 * for validation, Warden's role check for the guards), since absolute times drift on shared machines.
 */
public final class Report {

    private Report() {}

    /**
     * @param args the JMH JSON file
     * @throws Exception if it cannot be read
     */
    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        Map<String, double[]> scores = new LinkedHashMap<>();
        StringBuilder all = new StringBuilder("| benchmark | params | score (ns/op; ops/s for the storm) | error | B/op |\n| --- | --- | ---: | ---: | ---: |\n");
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText().replace("dev.warden.benchmarks.", "");
            String params = params(r);
            double score = r.get("primaryMetric").get("score").asDouble();
            double error = r.get("primaryMetric").get("scoreError").asDouble();
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            double bytes = alloc.isMissingNode() ? Double.NaN : alloc.asDouble();
            scores.put(name + params, new double[] {score, bytes});
            all.append("| ").append(name).append(" | ").append(params).append(" | ").append(fmt(score))
                    .append(" | ").append(fmt(error)).append(" | ").append(Double.isNaN(bytes) ? "" : fmt(bytes))
                    .append(" |\n");
        }
        StringBuilder out = new StringBuilder();
        for (String alg : new String[] {"RS256", "ES256"}) {
            if (!scores.containsKey("ValidationBenchmark.jcaFloor alg=" + alg)) {
                continue; // a run of other benchmarks only
            }
            double floor = score(scores, "ValidationBenchmark.jcaFloor", alg);
            out.append("\n### Validation, ").append(alg).append(" (ratio to the JCA floor, lower is faster)\n\n")
                    .append("| implementation | ns/op | x floor | B/op |\n| --- | ---: | ---: | ---: |\n");
            for (String impl : new String[] {"jcaFloor", "wardenNewToken", "wardenRepeatedToken", "nimbusProcessor",
                "jjwt", "auth0", "springNimbusJwtDecoder"}) {
                double[] s = scores.get("ValidationBenchmark." + impl + " alg=" + alg);
                if (s != null) {
                    out.append("| ").append(impl).append(" | ").append(fmt(s[0])).append(" | ")
                            .append(String.format(Locale.ROOT, "%.3f", s[0] / floor)).append(" | ")
                            .append(fmt(s[1])).append(" |\n");
                }
            }
        }
        paired(results, out);
        if (!scores.containsKey("GuardBenchmark.wardenRoleGuard")) {
            providers(scores, out);
            storm(scores, out);
            System.out.println(out.append("\n### All results\n\n").append(all));
            return;
        }
        double guard = score(scores, "GuardBenchmark.wardenRoleGuard", null);
        double check = score(scores, "GuardBenchmark.wardenRoleCheck", null);
        out.append("\n### Guards (allow path; ratio to Warden's role guard and to its full check)\n\n")
                .append("| guard | ns/op | x role guard | x role check | B/op |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            if (e.getKey().startsWith("GuardBenchmark.")) {
                out.append("| ").append(e.getKey().substring("GuardBenchmark.".length())).append(" | ")
                        .append(fmt(e.getValue()[0])).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", e.getValue()[0] / guard)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", e.getValue()[0] / check)).append(" | ")
                        .append(fmt(e.getValue()[1])).append(" |\n");
            }
        }
        providers(scores, out);
        storm(scores, out);
        System.out.println(out.append("\n### All results\n\n").append(all));
    }

    /**
     * Warden's new token and its provider's floor timed in the same invocations ({@link PairedNewTokenBenchmark}),
     * by the wall clock and by the thread's CPU time: each side's time per pair, and their ratio.
     */
    private static void paired(JsonNode results, StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText();
            boolean cpu = name.endsWith("PairedNewTokenBenchmark.pairCpu");
            if (!cpu && !name.endsWith("PairedNewTokenBenchmark.pair")) {
                continue;
            }
            double floor = r.path("secondaryMetrics").path(cpu ? "floorCpuNanos" : "floorNanos").path("score").asDouble();
            double warden = r.path("secondaryMetrics").path(cpu ? "wardenCpuNanos" : "wardenNanos").path("score")
                    .asDouble();
            double pairs = r.path("secondaryMetrics").path(cpu ? "cpuPairs" : "pairs").path("score").asDouble();
            if (pairs == 0) {   // a run from before the pair counter: apportion the wall-clock score instead
                pairs = (floor + warden) / r.get("primaryMetric").get("score").asDouble();
            }
            rows.append("| ").append(cpu ? "thread CPU" : "wall").append(" | ")
                    .append(r.path("params").path("alg").asText()).append(" | ")
                    .append(r.path("params").path("provider").asText()).append(" | ")
                    .append(fmt(floor / pairs / 1000)).append(" | ")
                    .append(fmt(warden / pairs / 1000)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", warden / floor)).append(" |\n");
        }
        if (rows.length() > 0) {
            out.append("\n### New token against the floor, timed in pairs (same invocations, alternating order)\n\n")
                    .append("| clock | alg | provider | floor us | Warden us | x floor |\n")
                    .append("| --- | --- | --- | ---: | ---: | ---: |\n")
                    .append(rows);
        }
    }

    /** A new token per signature provider, as a ratio to that provider's own raw verification. */
    private static void providers(Map<String, double[]> scores, StringBuilder out) {
        out.append("\n### New token per signature provider (ratio to the same provider's floor)\n\n")
                .append("| alg | provider | floor ns/op | Warden ns/op | x floor | Warden B/op |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (String alg : new String[] {"RS256", "ES256"}) {
            for (String provider : new String[] {"JDK", "ACCP", "CONSCRYPT"}) {
                String p = " alg=" + alg + " provider=" + provider;
                double[] floor = scores.get("NativeSignatureBenchmark.providerFloor" + p);
                double[] warden = scores.get("NativeSignatureBenchmark.wardenNewToken" + p);
                if (floor != null && warden != null) {
                    out.append("| ").append(alg).append(" | ").append(provider).append(" | ").append(fmt(floor[0]))
                            .append(" | ").append(fmt(warden[0])).append(" | ")
                            .append(String.format(Locale.ROOT, "%.3f", warden[0] / floor[0])).append(" | ")
                            .append(fmt(warden[1])).append(" |\n");
                }
            }
        }
    }

    /** Warden.connect for distinct fresh tokens, and the reconnect of a cached one, in connections per second. */
    private static void storm(Map<String, double[]> scores, StringBuilder out) {
        out.append("\n### Connection storm (Warden.connect end to end, connections per second, higher is better)\n\n")
                .append("| alg | provider | fresh, 1 thread | fresh, 2 threads | reconnect, 1 thread |\n")
                .append("| --- | --- | ---: | ---: | ---: |\n");
        for (String alg : new String[] {"RS256", "ES256"}) {
            for (String provider : new String[] {"JDK", "ACCP"}) {
                String p = " alg=" + alg + " provider=" + provider;
                double[] one = scores.get("StormBenchmark.freshConnections1Thread" + p);
                double[] two = scores.get("StormBenchmark.freshConnections2Threads" + p);
                double[] again = scores.get("StormBenchmark.reconnectSameToken" + p);
                if (one != null && two != null && again != null) {
                    out.append("| ").append(alg).append(" | ").append(provider).append(" | ").append(fmt(one[0]))
                            .append(" | ").append(fmt(two[0])).append(" | ").append(fmt(again[0])).append(" |\n");
                }
            }
        }
    }

    private static double score(Map<String, double[]> scores, String name, String alg) {
        double[] s = scores.get(name + (alg == null ? "" : " alg=" + alg));
        if (s == null) {
            throw new IllegalArgumentException("the results have no " + name + (alg == null ? "" : " for " + alg));
        }
        return s[0];
    }

    private static String params(JsonNode r) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : r.path("params").properties()) {
            b.append(' ').append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return b.toString();
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
