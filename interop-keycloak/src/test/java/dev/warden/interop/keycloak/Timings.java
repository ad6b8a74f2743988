package dev.warden.interop.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/** Appends measured durations to {@code target/keycloak-timings.txt}, for the suite's timing report. */
final class Timings {

    private static final Path FILE = Path.of("target", "keycloak-timings.txt");

    private Timings() {}

    static synchronized void record(String what, Duration took) {
        String line = Instant.now() + "\t" + took.toMillis() + " ms\t" + what + "\n";
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(line);
    }
}
