package dev.warden.interop.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Node driver ({@code src/test/node/src/scenario.ts}, or a ported template's such as
 * {@code quickstart_chat/scenario.ts}, compiled): one scenario per process, tokens in its environment, its report
 * as JSON lines on stdout. The SDK's own log lines, also on stdout, are not JSON objects
 * with a {@code step} and are kept only for failure messages.
 */
final class Driver {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The driver's own deadline unless a test gives another; the process is killed a little after it. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final NodeSdk sdk;
    private final String uri;
    private final String database;
    private final String script;
    private final Duration deadline;

    Driver(NodeSdk sdk, String uri, String database) {
        this(sdk, uri, database, "out/scenario.js");
    }

    /**
     * @param sdk the installed SDK
     * @param uri the host's WebSocket URI
     * @param database the database name
     * @param script the compiled driver, relative to the SDK's directory ({@code out/quickstart_chat/scenario.js})
     */
    Driver(NodeSdk sdk, String uri, String database, String script) {
        this(sdk, uri, database, script, DEADLINE);
    }

    /**
     * @param deadline the scenario's deadline, for drivers that start more than Node (a browser)
     */
    Driver(NodeSdk sdk, String uri, String database, String script, Duration deadline) {
        this.sdk = sdk;
        this.uri = uri;
        this.database = database;
        this.script = script;
        this.deadline = deadline;
    }

    /**
     * Runs a scenario.
     *
     * @param scenario its name in the driver
     * @param env more environment: {@code WARDEN_TOKEN_<NAME>} tokens and scenario parameters
     * @return what it reported
     */
    Report run(String scenario, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("WARDEN_URI", uri);
        all.put("WARDEN_DB", database);
        all.put("WARDEN_DEADLINE_MS", Long.toString(deadline.toMillis()));
        Processes.Result result = Processes.run(List.of(sdk.node(), script, scenario), sdk.work(), all,
                deadline.plusSeconds(10));
        return new Report(scenario, result, steps(result));
    }

    private static List<JsonNode> steps(Processes.Result result) {
        List<JsonNode> steps = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("{\"step\":")) {
                try {
                    steps.add(JSON.readTree(line));
                } catch (JsonProcessingException e) {
                    fail("the driver printed a line that is not JSON: " + line + "\n" + result.describe());
                }
            }
        }
        return steps;
    }

    /**
     * A scenario's report.
     *
     * @param scenario its name
     * @param process the process's exit, output and time
     * @param steps the JSON lines, in order
     */
    record Report(String scenario, Processes.Result process, List<JsonNode> steps) {

        /**
         * @return this report, if the scenario ran to its end
         * @throws AssertionError with the driver's output otherwise
         */
        Report completed() {
            if (process.exitCode() != 0 || steps.isEmpty() || !"done".equals(last().path("step").asText())) {
                fail("scenario '" + scenario + "' did not complete: " + process.describe());
            }
            return this;
        }

        /**
         * @param step a step's name
         * @return every line of that step, in order
         */
        List<JsonNode> all(String step) {
            return steps.stream().filter(s -> step.equals(s.path("step").asText())).toList();
        }

        /**
         * @param step a step's name
         * @return its only line
         * @throws AssertionError if there is not exactly one
         */
        JsonNode one(String step) {
            List<JsonNode> found = all(step);
            if (found.size() != 1) {
                fail("scenario '" + scenario + "' reported step '" + step + "' " + found.size() + " times, not once: "
                        + process.describe());
            }
            return found.get(0);
        }

        JsonNode last() {
            return steps.get(steps.size() - 1);
        }

        /** @return a description for assertion messages */
        @Override
        public String toString() {
            return "scenario '" + scenario + "': " + process.describe();
        }
    }
}
