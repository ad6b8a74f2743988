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

/**
 * Modules use each other's public API only: no import of another module's internal package. (The module
 * descriptors enforce this at compile time too; this test also covers the class-path build of the examples.)
 */
class ModuleBoundaryTest {

    @ParameterizedTest
    @CsvSource({"../claims, ../core, dev.warden.core.internal", "., ../core, dev.warden.core.internal",
            "../testkit, ../core, dev.warden.core.internal", "../testkit, ., dev.warden.policy.internal",
            "../examples, ., dev.warden.policy.internal", "../examples, ../testkit, dev.warden.testkit.internal"})
    void noImportOfAnotherModulesInternals(String module, String owner, String forbidden) throws IOException {
        Path sources = Path.of(module, "src", "main", "java");
        assertThat(sources).isDirectory();
        assertThat(Path.of(owner, "src", "main", "java").resolve(forbidden.replace('.', '/')))
                .as("the forbidden package must exist, or this test proves nothing").isDirectory();
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
