package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 row 12: the README's "Your first module" is a complete Maven project. Its files are copied from the
 * README, built by Maven against the Warden artifacts this build just packaged (in a local repository of the
 * test's own, with the build's repository behind it read-only, so nothing is installed into it), and its tests
 * must run and pass: a user on Debian's Maven had a build that ran no test and passed.
 */
class FirstModuleTest {

    static final Path ROOT = Path.of("..");
    static final List<String> ARTIFACTS = List.of("test-support", "core", "claims", "db", "policy", "testkit", "host");

    /** The files of the README's first module, by path, from its bold {@code **`path`**} headings. */
    static Map<String, String> readmeFiles() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Your first module");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README's 'Your first module' section").isPositive();
        String section = readme.substring(start, end);
        assertThat(section).contains("```sh\n./mvnw -B install -DskipTests\n```");
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\*\\*`([^`]+)`\\*\\*(?:(?!\\*\\*`).)*?```(?:xml|java)\n(.*?)```", Pattern.DOTALL)
                .matcher(section);
        while (m.find()) {
            files.put(m.group(1), m.group(2));
        }
        return files;
    }

    @Test
    void theReadmesFirstModuleBuildsAndItsTestsRun(@TempDir Path dir) throws Exception {
        Map<String, String> files = readmeFiles();
        assertThat(files).containsOnlyKeys("pom.xml", "src/main/java/com/example/Guilds.java",
                "src/test/java/com/example/GuildsTest.java", "src/main/java/com/example/Main.java");
        Path project = dir.resolve("guilds");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = project.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }

        // what './mvnw install -DskipTests' puts in a local repository: the parent's pom, each module's pom and jar
        Path repo = dir.resolve("repository");
        String version = "0.1.0-SNAPSHOT";
        put(repo, "warden-parent", version, ROOT.resolve("pom.xml"), null);
        for (String module : ARTIFACTS) {
            Path jar = ROOT.resolve(module).resolve("target").resolve("warden-" + module + "-" + version + ".jar");
            assertThat(jar).as("the build packages warden-" + module + " before this test runs").exists();
            put(repo, "warden-" + module, version, ROOT.resolve(module).resolve("pom.xml"), jar);
        }

        String tail = System.getProperty("warden.localRepository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path log = dir.resolve("build.log");
        Process mvn = new ProcessBuilder(ROOT.resolve("mvnw").toAbsolutePath().normalize().toString(), "-B",
                "-f", project.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + repo,
                "-Dmaven.repo.local.tail=" + tail, "verify")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = mvn.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            mvn.descendants().forEach(ProcessHandle::destroyForcibly);
            mvn.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the build ended: " + out).isTrue();
        assertThat(mvn.exitValue()).as(out).isZero();
        assertThat(out).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
        assertThat(project.resolve("target/surefire-reports/TEST-com.example.GuildsTest.xml")).exists();
        assertThat(project.resolve("target/classes/com/example/Main.class")).exists();
    }

    private static void put(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve("dev/warden").resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
