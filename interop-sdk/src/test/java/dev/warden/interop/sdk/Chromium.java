package dev.warden.interop.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Chromium, for the browser test: {@code /usr/bin/chromium} when the machine has it, otherwise Debian's
 * {@code chromium} package and the libraries it needs that the machine lacks, fetched once with
 * {@code apt-get download} from the machine's Debian mirror and unpacked with {@code dpkg-deb -x} into
 * {@code target/chromium} (nothing is installed on the machine). The packages to fetch are what
 * {@code apt-get install --simulate --no-install-recommends chromium} says is missing.
 *
 * <p>A machine without apt, or a failed download or unpack, fails the test that asked, with the tool's output.
 */
final class Chromium {

    private static final Duration APT_DEADLINE = Duration.ofMinutes(5);
    private static Chromium found;

    private final String executable;
    private final Map<String, String> env;

    private Chromium(String executable, Map<String, String> env) {
        this.executable = executable;
        this.env = env;
    }

    /** @return the browser, fetched on first use */
    static synchronized Chromium get() {
        if (found == null) {
            found = locate(Path.of(NodeSdk.property("warden.sdk.work")).getParent().resolve("chromium"));
        }
        return found;
    }

    /** @return the executable to launch */
    String executable() {
        return executable;
    }

    /** @return the environment it needs (the unpacked libraries' directories), and its path as WARDEN_CHROMIUM */
    Map<String, String> env() {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("WARDEN_CHROMIUM", executable);
        return all;
    }

    private static Chromium locate(Path dir) {
        Path installed = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(installed)) {
            return new Chromium(installed.toString(), Map.of());
        }
        Path root = dir.resolve("root");
        Path binary = root.resolve("usr/lib/chromium/chromium");
        if (!Files.isExecutable(binary)) {
            unpack(dir, root);
        }
        List<String> libraries = new ArrayList<>();
        for (String lib : List.of("usr/lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu/pulseaudio",
                "usr/lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu/pulseaudio")) {
            if (Files.isDirectory(root.resolve(lib))) {
                libraries.add(root.resolve(lib).toString());
            }
        }
        String inherited = System.getenv("LD_LIBRARY_PATH");
        if (inherited != null && !inherited.isEmpty()) {
            libraries.add(inherited);
        }
        return new Chromium(binary.toString(), Map.of("LD_LIBRARY_PATH", String.join(":", libraries)));
    }

    private static void unpack(Path dir, Path root) {
        Path debs = dir.resolve("debs");
        try {
            Files.createDirectories(debs);
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + debs, e);
        }
        Processes.Result plan = Processes.run(List.of("apt-get", "install", "--simulate", "--no-install-recommends",
                "chromium"), dir, Map.of(), APT_DEADLINE);
        if (plan.exitCode() != 0) {
            fail("Debian's chromium is not installed and apt-get cannot say what it needs (the browser test needs"
                    + " Debian's apt and package lists): " + plan.describe());
        }
        List<String> packages = new ArrayList<>();
        for (String line : plan.stdout().split("\n")) {
            if (line.startsWith("Inst ")) {
                packages.add(line.split(" ")[1]);
            }
        }
        if (!packages.contains("chromium")) {
            fail("apt-get does not offer Debian's chromium: " + plan.describe());
        }
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(packages);
        Processes.Result fetched = Processes.run(download, debs, Map.of(), APT_DEADLINE);
        if (fetched.exitCode() != 0) {
            fail("apt-get could not download Debian's chromium and its libraries: " + fetched.describe());
        }
        try (Stream<Path> files = Files.list(debs)) {
            for (Path deb : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".deb")).sorted()::iterator) {
                Processes.Result x = Processes.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), dir,
                        Map.of(), APT_DEADLINE);
                if (x.exitCode() != 0) {
                    fail("dpkg-deb could not unpack " + deb.getFileName() + ": " + x.describe());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + debs, e);
        }
    }
}
