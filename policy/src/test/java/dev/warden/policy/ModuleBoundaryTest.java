package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Modules use each other's public API only: no import of another module's internal package. */
class ModuleBoundaryTest {

    @ParameterizedTest
    @CsvSource({"../claims, dev.warden.core.internal", ".,dev.warden.core.internal", ".,dev.warden.claims.internal"})
    void noImportOfAnotherModulesInternals(String module, String forbidden) throws IOException {
        Path sources = Path.of(module, "src", "main", "java");
        assertThat(sources).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains(forbidden)).collect(Collectors.toList());
        }
        assertThat(offenders).as(module + " must not use " + forbidden).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
