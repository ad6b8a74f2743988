package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 rows 10 and 11: the README's "Then try it yourself" commands are what the demo prints and run as
 * written against a running demo (alice's and bob's tokens fetched by hand, with curl); a demo whose port is taken
 * says so in one line and exits instead of hanging.
 */
class ReadmeDemoCommandsTest {

    static final Path README = Path.of("..", "README.md");

    /** The README's shell block after "Then try it yourself". */
    static String readmeBlock() throws IOException {
        String readme = Files.readString(README);
        int at = readme.indexOf("Then try it yourself");
        assertThat(at).as("README's 'Then try it yourself' section").isPositive();
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find(at)).isTrue();
        return m.group(1);
    }

    /** Two free neighbouring loopback ports, for the host and its embedded issuer. */
    static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = a.getLocalPort();
                if (p < 65534) {
                    try (ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                        b.setReuseAddress(true);
                        return p;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IllegalStateException("no two neighbouring free ports on loopback");
    }

    @Test
    void theReadmesCommandsAreTheDemosAndRunAsWritten() throws Exception {
        int port = freePortPair();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Demo.Running demo = Demo.start(new String[] {"--port", String.valueOf(port), "--in-memory"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String out = printed.toString(StandardCharsets.UTF_8);
            String script = readmeBlock().replace("127.0.0.1:3001", "127.0.0.1:" + (port + 1))
                    .replace("127.0.0.1:3000", "127.0.0.1:" + port);
            assertThat(out).as("the demo prints the README's commands with its ports").contains(script.strip());

            Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script)
                    .redirectErrorStream(true).start();
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the commands finish").isTrue();
            String result = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.exitValue()).as(result).isZero();
            List<String> statuses = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(result).results()
                    .map(r -> r.group(1)).collect(Collectors.toList());
            // as each command's comment says
            assertThat(statuses).containsExactly("200", "530", "200", "530", "530", "200", "204", "400");
            assertThat(result).contains("denied export_posts: requires any role of [admin]; caller USER")
                    .contains("denied create_post: requires an authenticated caller; caller is ANONYMOUS")
                    .contains("-----BEGIN PUBLIC KEY-----");
            assertThat(demo.host().uri().getPort()).isEqualTo(port);
        }
    }

    @Test
    void aTakenPortIsOneLineAndANonZeroExitNotAStackTraceAndAHang() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process demo = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Demo.class.getName(), "--port", String.valueOf(port), "--exit", "--in-memory").start();
            boolean ended = demo.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                demo.destroyForcibly();
            }
            assertThat(ended).as("the demo exits by itself").isTrue();
            String err = new String(demo.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(demo.exitValue()).isEqualTo(2);
            List<String> lines = err.lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("demo: ").contains("127.0.0.1:" + port)
                    .contains("port is in use").contains("--port N");
        }
    }

    @Test
    void aBadOptionIsOneLineToo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Demo.start(new String[] {"--port", "http"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(Demo.StartupException.class)
                .hasMessage("--port needs a number from 0 to 65534, not 'http' (see the options at the top of Demo.java)");
    }
}
