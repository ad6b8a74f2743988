package dev.warden.policy;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing, and only its own types in the API. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        return ModuleBoundary.of(PolicyEngine.class, "dev.warden.policy",
                        "dev.warden.policy", "dev.warden.policy.annotation", "dev.warden.policy.host")
                .using("dev.warden.claims", "dev.warden.core", "dev.warden.db")
                .tests(Path.of("api", "warden-policy.api"), true);
    }
}
