package dev.warden.nativecrypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A modular host: warden-core, this module and ACCP as named modules on the module path of a fresh JVM (this
 * test JVM has core on the class path), the host adding {@code --add-modules dev.warden.nativecrypto} as the
 * README says. Core must find the native provider by its name and verify through it.
 */
class ModulePathTest {

    static final String CORE_CLASSES = "core" + File.separator + "target" + File.separator + "classes";
    static final List<String> MODULES = List.of("nimbus-jose-jwt", "caffeine", "jackson-core", "jackson-databind",
            "jackson-annotations", "commons-codec", "slf4j-api", "slf4j-simple", "jspecify", "error_prone",
            "AmazonCorrettoCryptoProvider", "warden-core", CORE_CLASSES,
            "crypto-native" + File.separator + "target" + File.separator + "classes");

    @Test
    void coreFindsTheNativeModuleOnTheModulePath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            for (String e : System.getProperty(prop, "").split(File.pathSeparator)) {
                if (!e.isEmpty() && MODULES.stream().anyMatch(e::contains) && !entries.contains(e)) {
                    entries.add(e);
                }
            }
        }
        assertThat(entries).as("module path entries").anyMatch(e -> e.contains("AmazonCorrettoCryptoProvider"))
                .anyMatch(e -> e.contains("warden-core") || e.endsWith(CORE_CLASSES));
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, entries),
                "--add-modules", "dev.warden.core,dev.warden.nativecrypto",
                "-cp", testClasses, "dev.warden.nativecrypto.it.ModularHost").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the modular host finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("core=dev.warden.core\n", "native=dev.warden.nativecrypto\n",
                "ES256=AmazonCorrettoCryptoProvider\n", "accepted=user-42\n", "forged=BAD_SIGNATURE\n");
    }
}
