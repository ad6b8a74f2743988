package dev.warden.storage;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing, and only its own and db's types in the API. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        return ModuleBoundary.of(Storage.class, "dev.warden.storage", "dev.warden.storage")
                .using("dev.warden.db")
                .tests(Path.of("api", "warden-storage.api"), true);
    }
}
