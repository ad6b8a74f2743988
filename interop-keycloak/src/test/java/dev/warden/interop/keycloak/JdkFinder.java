package dev.warden.interop.keycloak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run Keycloak 26 (Java 21 or later), while Warden's own build runs on Java 17.
 *
 * <p>Looked for, in order: {@code WARDEN_KEYCLOAK_JDK} (if set, it must be one), {@code JAVA_HOME} if it is
 * 21+, {@code /usr/lib/jvm/temurin-25*}, then any {@code /usr/lib/jvm/*} whose {@code release} file says
 * {@code JAVA_VERSION} 21 or later (the newest wins). Nothing found is an error naming every place looked at.
 */
final class JdkFinder {

    static final int MIN_FEATURE = 21;
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([0-9][0-9._+a-z-]*)\"?");

    private JdkFinder() {}

    /** A JDK found, and its feature release (21, 25, ...). */
    record Jdk(Path home, int feature) {
        Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    /**
     * @param env the environment to read {@code WARDEN_KEYCLOAK_JDK} and {@code JAVA_HOME} from
     * @param jvmDir the directory holding installed JDKs ({@code /usr/lib/jvm})
     * @return the JDK to run Keycloak with
     * @throws IllegalStateException naming everything looked at when there is none
     */
    static Jdk find(Map<String, String> env, Path jvmDir) {
        List<String> looked = new ArrayList<>();
        String forced = env.get("WARDEN_KEYCLOAK_JDK");
        if (forced != null && !forced.isBlank()) {
            Optional<Jdk> jdk = inspect(Path.of(forced), looked, "WARDEN_KEYCLOAK_JDK");
            return jdk.orElseThrow(() -> notFound(looked));
        }
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            Optional<Jdk> jdk = inspect(Path.of(javaHome), looked, "JAVA_HOME");
            if (jdk.isPresent()) {
                return jdk.get();
            }
        } else {
            looked.add("JAVA_HOME: not set");
        }
        List<Path> installed = list(jvmDir, looked);
        for (Path dir : installed) {
            if (dir.getFileName().toString().startsWith("temurin-25")) {
                Optional<Jdk> jdk = inspect(dir, looked, "temurin-25");
                if (jdk.isPresent()) {
                    return jdk.get();
                }
            }
        }
        Jdk best = null;
        for (Path dir : installed) {
            if (!dir.getFileName().toString().startsWith("temurin-25")) {
                Optional<Jdk> jdk = inspect(dir, looked, "installed JDK");
                if (jdk.isPresent() && (best == null || jdk.get().feature() > best.feature())) {
                    best = jdk.get();
                }
            }
        }
        if (best == null) {
            throw notFound(looked);
        }
        return best;
    }

    private static List<Path> list(Path jvmDir, List<String> looked) {
        if (!Files.isDirectory(jvmDir)) {
            looked.add(jvmDir + ": no such directory");
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(jvmDir)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            looked.add(jvmDir + ": cannot list (" + e.getMessage() + ")");
            return List.of();
        }
    }

    private static Optional<Jdk> inspect(Path home, List<String> looked, String source) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            looked.add(source + " " + home + ": no release file");
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(release);
        } catch (IOException e) {
            looked.add(source + " " + home + ": unreadable release file (" + e.getMessage() + ")");
            return Optional.empty();
        }
        Matcher m = JAVA_VERSION.matcher(text);
        if (!m.find()) {
            looked.add(source + " " + home + ": release file has no JAVA_VERSION");
            return Optional.empty();
        }
        int feature = feature(m.group(1));
        if (feature < MIN_FEATURE) {
            looked.add(source + " " + home + ": Java " + m.group(1) + " (< " + MIN_FEATURE + ")");
            return Optional.empty();
        }
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            looked.add(source + " " + home + ": Java " + m.group(1) + " but no executable bin/java");
            return Optional.empty();
        }
        return Optional.of(new Jdk(home, feature));
    }

    /** {@code 1.8.0_402} is 8, {@code 17.0.15} is 17, {@code 25} is 25. */
    static int feature(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static IllegalStateException notFound(List<String> looked) {
        return new IllegalStateException("Keycloak " + System.getProperty("warden.keycloak.version", "26")
                + " needs a JDK " + MIN_FEATURE + "+ and none was found. Looked at: " + String.join("; ", looked)
                + ". Install one (for example Temurin 25 under /usr/lib/jvm/temurin-25-jdk-amd64) or point"
                + " WARDEN_KEYCLOAK_JDK at one.");
    }
}
