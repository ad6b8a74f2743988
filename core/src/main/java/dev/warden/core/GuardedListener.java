package dev.warden.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A host's {@link ValidationListener} behind a guard: whatever it throws is logged and ignored. */
final class GuardedListener implements ValidationListener {

    private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);

    private final ValidationListener delegate;

    GuardedListener(ValidationListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void signatureProviders(java.util.Map<SignatureAlgorithm, String> providerByAlgorithm) {
        safely(() -> delegate.signatureProviders(providerByAlgorithm));
    }

    @Override
    public void keysFetched(String issuer, int keyCount) {
        safely(() -> delegate.keysFetched(issuer, keyCount));
    }

    @Override
    public void keysRemoved(String issuer, java.util.Set<String> kids) {
        safely(() -> delegate.keysRemoved(issuer, kids));
    }

    @Override
    public void keyFetchFailed(String issuer, String message) {
        safely(() -> delegate.keyFetchFailed(issuer, message));
    }

    @Override
    public void keyIgnored(String issuer, String keyId, String reason) {
        safely(() -> delegate.keyIgnored(issuer, keyId, reason));
    }

    @Override
    public void staleKeysServed(String issuer, long remainingMillis) {
        safely(() -> delegate.staleKeysServed(issuer, remainingMillis));
    }

    @Override
    public void accepted(VerifiedToken token, boolean fromCache) {
        safely(() -> delegate.accepted(token, fromCache));
    }

    @Override
    public void rejected(RejectionReason reason, String issuer) {
        safely(() -> delegate.rejected(reason, issuer));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("validation listener threw {}; ignored", e.getClass().getName());
        }
    }
}
