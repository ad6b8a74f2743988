package dev.warden.db;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing, and only its own types in the API. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        return ModuleBoundary.of(Database.class, "dev.warden.db", "dev.warden.db")
                .tests(Path.of("api", "warden-db.api"), true);
    }
}
