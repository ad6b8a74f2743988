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
        StringBuilder all = new StringBuilder("| benchmark | params | ns/op | error | B/op |\n| --- | --- | ---: | ---: | ---: |\n");
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
        System.out.println(out.append("\n### All results\n\n").append(all));
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
