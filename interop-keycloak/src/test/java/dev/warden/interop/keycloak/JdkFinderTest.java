package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the suite finds a JDK 21+ for Keycloak, and the message when there is none (no Keycloak needed). */
class JdkFinderTest {

    @TempDir
    Path jvm;

    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvm.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void javaHomeOf21OrLaterWins() throws IOException {
        Path home = jdk("zulu-21", "21.0.5");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        assertThat(JdkFinder.find(Map.of("JAVA_HOME", home.toString()), jvm)).isEqualTo(new JdkFinder.Jdk(home, 21));
    }

    @Test
    void javaHomeOf17FallsBackToTemurin25() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        Path temurin = jdk("temurin-25-jdk-amd64", "25.0.3");
        jdk("zulu-26", "26");
        assertThat(JdkFinder.find(Map.of("JAVA_HOME", old.toString()), jvm).home()).isEqualTo(temurin);
    }

    @Test
    void otherwiseTheNewestInstalledJdkOf21OrLater() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("zulu-21", "21.0.5");
        Path newest = jdk("zulu-23", "23");
        jdk("java-8", "1.8.0_402");
        assertThat(JdkFinder.find(Map.of(), jvm)).isEqualTo(new JdkFinder.Jdk(newest, 23));
    }

    @Test
    void noneFoundFailsNamingEverythingLookedAt() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        Files.createDirectories(jvm.resolve("broken"));
        assertThatThrownBy(() -> JdkFinder.find(Map.of("JAVA_HOME", old.toString()), jvm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a JDK 21+ and none was found")
                .hasMessageContaining("JAVA_HOME " + old + ": Java 17.0.15 (< 21)")
                .hasMessageContaining(jvm.resolve("broken") + ": no release file")
                .hasMessageContaining("WARDEN_KEYCLOAK_JDK");
    }

    @Test
    void anExplicitJdkBelow21IsAnErrorNotAFallback() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        assertThatThrownBy(() -> JdkFinder.find(Map.of("WARDEN_KEYCLOAK_JDK", old.toString()), jvm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WARDEN_KEYCLOAK_JDK " + old + ": Java 17.0.15 (< 21)");
    }
}
