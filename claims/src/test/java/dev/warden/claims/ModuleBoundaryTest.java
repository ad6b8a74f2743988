package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** claims uses core's public API only: no import of core's internal packages. */
class ModuleBoundaryTest {
    @Test
    void noImportOfCoreInternals() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("dev.warden.core.internal");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
        assertThat(Files.exists(Path.of("src", "main", "java", "dev", "warden", "claims", "ClaimsMapper.java"))).isTrue();
    }
}
