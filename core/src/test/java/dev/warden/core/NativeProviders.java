package dev.warden.core;

import dev.warden.core.internal.SignatureEngines;
import java.security.Provider;
import java.util.List;

/**
 * The signature providers the signature, attack and fault suites run against: the JDK, the Amazon Corretto
 * Crypto Provider (AWS-LC) and Conscrypt (BoringSSL). Both native providers are test dependencies; one that
 * does not load fails the test that asks for it, with the reason, rather than being skipped.
 */
enum NativeProviders {
    JDK(null, null),
    ACCP("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider", "INSTANCE"),
    CONSCRYPT("org.conscrypt.Conscrypt", "newProvider()");

    static final List<NativeProviders> ALL = List.of(values());

    private final String className;
    private final String member;
    private Provider loaded;
    private SignatureEngines engines;

    NativeProviders(String className, String member) {
        this.className = className;
        this.member = member;
    }

    /** @return the provider, or null for the JDK */
    synchronized Provider provider() {
        if (className == null || loaded != null) {
            return loaded;
        }
        try {
            Class<?> c = Class.forName(className);
            loaded = (Provider) (member.endsWith("()") ? c.getMethod(member.replace("()", "")).invoke(null)
                    : c.getField(member).get(null));
            return loaded;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new AssertionError(this + " (" + className + ") does not load on this machine: " + e, e);
        }
    }

    /** @return the engines a validator given this provider uses (the JDK's for {@link #JDK}) */
    synchronized SignatureEngines engines() {
        if (engines == null) {
            engines = className == null ? SignatureEngines.jdk() : SignatureEngines.select(provider());
        }
        return engines;
    }

    /** @return the builder, told to use this provider (left alone for {@link #JDK}) */
    TokenValidator.Builder configure(TokenValidator.Builder b) {
        return className == null ? b : b.signatureProvider(provider());
    }
}
