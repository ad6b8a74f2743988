package dev.warden.host;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing, and only its own types in the API. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        return ModuleBoundary.of(Bsatn.class, "dev.warden.host", "dev.warden.host", "dev.warden.host.internal.ws")
                .using("dev.warden.core", "dev.warden.policy.host", "dev.warden.storage", "org.eclipse.jetty.websocket.api")
                .tests(Path.of("api", "warden-host.api"), true);
    }
}
