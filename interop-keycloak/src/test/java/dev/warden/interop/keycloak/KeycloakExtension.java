package dev.warden.interop.keycloak;

import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure the suite's one Keycloak ({@link KeycloakServer#shared()}) is running before a test class, and
 * stops it when the whole test plan is done. When the server cannot start, every test fails with the reason
 * (no JDK 21+, no distribution, Keycloak's log tail). Test classes set themselves up in {@code @BeforeEach}
 * (once), not {@code @BeforeAll}, so that such a failure is reported for each test, not once per class.
 */
final class KeycloakExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static GameRealm sharedRealm;
    private static RuntimeException realmFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NS).getOrComputeIfAbsent("stop", k -> new Stopper(), Stopper.class);
        try {
            KeycloakServer.sharedRunning();       // started again if a class before this one stopped it
        } catch (RuntimeException e) {
            // remembered by KeycloakServer, and reported by each test through beforeEach
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KeycloakServer.shared();
    }

    /** The realm the read-only checks share ({@code game}), set up on first use. */
    static synchronized GameRealm sharedRealm() {
        if (realmFailure != null) {
            throw new IllegalStateException("setting up realm 'game' failed earlier: " + realmFailure.getMessage(),
                    realmFailure);
        }
        if (sharedRealm == null) {
            long t0 = System.nanoTime();
            try {
                sharedRealm = GameRealm.create(KeycloakServer.shared(), "game");
            } catch (RuntimeException e) {
                realmFailure = e;
                throw e;
            }
            Timings.record("realm setup by the admin REST API (realm, roles, 2 clients, 2 users, mappings)",
                    Duration.ofNanos(System.nanoTime() - t0));
        }
        return sharedRealm;
    }

    /** Closed by JUnit when the test plan finishes: stops Keycloak, records the suite's wall time. */
    private static final class Stopper implements AutoCloseable {
        private final long t0 = System.nanoTime();

        @Override
        public void close() {
            KeycloakServer.stopShared();
            Timings.record("suite wall time (first Keycloak test class to server stopped)",
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }
}
