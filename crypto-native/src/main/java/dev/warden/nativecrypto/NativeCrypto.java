package dev.warden.nativecrypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;

/**
 * The native JCA provider warden-core uses when this artifact is present: the Amazon Corretto Crypto Provider
 * (AWS-LC). warden-core calls {@link #provider()} once, by this class's name, and never depends on this
 * artifact; a host that wants another provider passes it to {@code TokenValidator.Builder.signatureProvider}.
 */
public final class NativeCrypto {

    private NativeCrypto() {}

    /**
     * @return the provider, its native library loaded and healthy; it is not installed in
     *     {@link java.security.Security}, so nothing else in the application changes provider
     * @throws IllegalStateException if the native library did not load on this platform (warden-core then logs
     *     a WARN and verifies with the JDK)
     */
    public static Provider provider() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable error = accp.getLoadingError();
        if (error != null) {
            throw new IllegalStateException("the Amazon Corretto Crypto Provider did not load: " + error, error);
        }
        accp.assertHealthy();
        return accp;
    }
}
