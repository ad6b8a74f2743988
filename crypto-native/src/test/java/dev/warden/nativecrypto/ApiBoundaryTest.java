package dev.warden.nativecrypto;

import dev.warden.testsupport.ModuleBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The module's boundary: its descriptor, its committed API listing (one class, one method), JDK types only. */
class ApiBoundaryTest {

    @TestFactory
    Stream<DynamicTest> boundary() {
        return ModuleBoundary.of(NativeCrypto.class, "dev.warden.nativecrypto", "dev.warden.nativecrypto")
                .tests(Path.of("api", "warden-crypto-native.api"), true);
    }
}
