package dev.warden.testkit;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing, and only its own types in the API. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        // WardenExtension is a JUnit extension: JUnit's extension API is part of the test kit's by design.
        return ModuleBoundary.of(TestHost.class, "dev.warden.testkit", "dev.warden.testkit")
                .allowing("org.junit.jupiter.api.extension.ExtensionContext",
                        "org.junit.jupiter.api.extension.ParameterContext",
                        "org.junit.jupiter.api.extension.ParameterResolver",
                        "org.junit.jupiter.api.extension.BeforeEachCallback")
                .using("dev.warden.policy", "dev.warden.policy.annotation", "dev.warden.policy.host", "dev.warden.claims", "dev.warden.db",
                        "dev.warden.core")
                .tests(Path.of("api", "warden-testkit.api"), false);
    }
}
