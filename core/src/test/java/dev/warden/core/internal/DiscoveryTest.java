package dev.warden.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Provider;
import org.junit.jupiter.api.Test;

/**
 * The optional native artifact is found by its documented class name; one that is absent leaves the JDK, and
 * one that fails to load (its native library, its class, or what it returns) leaves the JDK with a WARN,
 * never an exception at validator build and never a provider that was not checked.
 */
class DiscoveryTest {

    /** Stands in for a native artifact whose library does not load. */
    public static final class Throws {
        public static Provider provider() {
            throw new IllegalStateException("native library failed to load");
        }
    }

    /** Stands in for an artifact whose class cannot even initialize. */
    public static final class FailsToInitialize {
        static final int BOOM = Integer.parseInt("not a number");

        public static Provider provider() {
            return null;
        }
    }

    /** Returns something that is not a JCA provider. */
    public static final class NotAProvider {
        public static Object provider() {
            return "provider";
        }
    }

    /** Works. */
    public static final class Works {
        public static Provider provider() {
            return java.security.Security.getProvider("SunEC");
        }
    }

    @Test
    void absentOrBrokenArtifactsLeaveTheJdk() {
        String prefix = DiscoveryTest.class.getName() + "$";
        assertThat(SignatureEngines.Discovered.load("dev.warden.nativecrypto.Absent")).isNull();
        assertThat(SignatureEngines.Discovered.load(prefix + "Throws")).isNull();
        assertThat(SignatureEngines.Discovered.load(prefix + "FailsToInitialize")).isNull();
        assertThat(SignatureEngines.Discovered.load(prefix + "NotAProvider")).isNull();
        assertThat(SignatureEngines.Discovered.load(prefix + "Works").getName()).isEqualTo("SunEC");
    }

    @Test
    void withoutTheArtifactOnTheClassPathTheValidatorUsesTheJdk() {
        assertThat(SignatureEngines.Discovered.PROVIDER).isNull();
        assertThat(SignatureEngines.select(null)).isSameAs(SignatureEngines.jdk());
    }
}
