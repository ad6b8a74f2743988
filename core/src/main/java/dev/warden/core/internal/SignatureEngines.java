package dev.warden.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.core.SignatureAlgorithm;
import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature engines of one validator, one per asymmetric algorithm, chosen once when it is built.
 *
 * <p>A candidate provider (the host's explicit choice, else the one the optional {@code warden-crypto-native}
 * artifact supplies, else none) is used for an algorithm only if it implements it and passes
 * {@link SignatureSelfTest} (a known valid signature verifies, tampered ones do not); otherwise that algorithm
 * stays on the JDK, with a WARN. Nothing here ever turns a failure into an acceptance.
 *
 * <p>Verification reuses one {@link java.security.Signature} per thread and algorithm ({@code Signature} is
 * not thread-safe), re-initialized only when the key changes: no provider lookup and no allocation per token.
 */
public final class SignatureEngines {

    private static final Logger LOG = LoggerFactory.getLogger("dev.warden.core.TokenValidator");

    /** The class the optional native artifact provides, with a {@code public static Provider provider()}. */
    public static final String NATIVE_CLASS = "dev.warden.nativecrypto.NativeCrypto";

    /** The algorithms verified through the JCA (HMAC goes through nimbus). */
    public static final List<SignatureAlgorithm> ASYMMETRIC = List.of(SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
            SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512,
            SignatureAlgorithm.EdDSA);

    private static final SignatureEngines JDK = new SignatureEngines(null);
    /**
     * One set of engines per provider object, shared by every validator given it: the self-tests run once, and
     * the per-thread verifiers (whose keys are public) are one set per thread and provider, not one per validator
     * lingering in each thread after the validator is gone. Weak keys (compared by identity) and weak values:
     * engines no validator holds are forgotten, and with them the provider (which the engines reference).
     */
    private static final Cache<Provider, SignatureEngines> BY_PROVIDER = Caffeine.newBuilder().weakKeys().weakValues()
            .build();

    private final SignatureEngine[] engines = new SignatureEngine[SignatureAlgorithm.values().length];
    private final ThreadLocal<SignatureEngine.Slot[]> slots;

    private SignatureEngines(Provider candidate) {
        for (SignatureAlgorithm alg : ASYMMETRIC) {
            engines[alg.ordinal()] = candidate == null ? SignatureEngine.jdk(alg) : choose(alg, candidate);
        }
        int n = engines.length;
        this.slots = ThreadLocal.withInitial(() -> new SignatureEngine.Slot[n]);
    }

    /** @return the JDK's engines, as Warden verified before native providers */
    public static SignatureEngines jdk() {
        return JDK;
    }

    /**
     * @param explicit the host's provider, or null to use the native artifact's if it is on the class path
     * @return the engines: the candidate's for each algorithm it implements and that passes the self-test, the
     *     JDK's for the others
     */
    public static SignatureEngines select(Provider explicit) {
        Provider candidate = explicit != null ? explicit : Discovered.PROVIDER;
        return candidate == null ? JDK : BY_PROVIDER.get(candidate, SignatureEngines::new);
    }

    private static SignatureEngine choose(SignatureAlgorithm alg, Provider candidate) {
        SignatureEngine engine = SignatureEngine.of(alg, candidate);
        if (engine == null) {
            LOG.debug("provider {} does not implement {}; the JDK verifies it", candidate.getName(), alg);
            return SignatureEngine.jdk(alg);
        }
        String failure = SignatureSelfTest.failure(engine);
        if (failure != null) {
            LOG.warn("provider {} failed the {} self-test ({}); the JDK verifies {} instead", candidate.getName(),
                    alg, failure, alg);
            return SignatureEngine.jdk(alg);
        }
        return engine;
    }

    /** @return the provider's name for each asymmetric algorithm, in {@link #ASYMMETRIC} order */
    public Map<SignatureAlgorithm, String> providerNames() {
        Map<SignatureAlgorithm, String> names = new EnumMap<>(SignatureAlgorithm.class);
        for (SignatureAlgorithm alg : ASYMMETRIC) {
            names.put(alg, engines[alg.ordinal()].providerName);
        }
        return Collections.unmodifiableMap(names);
    }

    /** @return for the log: each provider and the algorithms it verifies, e.g. {@code SunEC (ES256, EdDSA)} */
    public String describe() {
        Map<String, StringBuilder> byProvider = new LinkedHashMap<>();
        for (SignatureAlgorithm alg : ASYMMETRIC) {
            SignatureEngine e = engines[alg.ordinal()];
            String key = e.providerName + (e.der ? " [DER]" : "");
            StringBuilder b = byProvider.computeIfAbsent(key, k -> new StringBuilder());
            b.append(b.length() == 0 ? "" : ", ").append(alg);
        }
        StringBuilder out = new StringBuilder();
        byProvider.forEach((p, algs) -> out.append(out.length() == 0 ? "" : "; ").append(p).append(" (")
                .append(algs).append(')'));
        return out.toString();
    }

    /**
     * Prepares a key once for every algorithm of its type: converted to each engine's provider.
     *
     * @param key a JDK public key (RSA, EC or Ed25519)
     * @return the key per algorithm ordinal (null for algorithms of other key types)
     */
    PublicKey[] keysFor(PublicKey key, String keyType) {
        PublicKey[] out = new PublicKey[engines.length];
        Map<Provider, PublicKey> converted = new IdentityHashMap<>();
        for (SignatureAlgorithm alg : ASYMMETRIC) {
            if (alg.keyType().equals(keyType)) {
                SignatureEngine e = engines[alg.ordinal()];
                out[alg.ordinal()] = e.provider == null ? key : converted.computeIfAbsent(e.provider, p -> e.translate(key));
            }
        }
        return out;
    }

    /**
     * @param key the key from {@link #keysFor} for {@code alg}
     * @return whether the signature verifies (false for anything unexpected)
     */
    boolean verify(SignatureAlgorithm alg, PublicKey key, byte[] input, byte[] sig) {
        SignatureEngine engine = engines[alg.ordinal()];
        if (engine == null || key == null) {
            return false;
        }
        SignatureEngine.Slot[] mine = slots.get();
        SignatureEngine.Slot slot = mine[alg.ordinal()];
        if (slot == null) {
            slot = new SignatureEngine.Slot();
            mine[alg.ordinal()] = slot;
        }
        return slot.verify(engine, key, input, sig);
    }

    /** The native artifact's provider, looked up once by its documented class name; null if absent or broken. */
    static final class Discovered {
        static final Provider PROVIDER = load(NATIVE_CLASS);

        private Discovered() {}

        /** @return the provider {@code className}'s static {@code provider()} gives, or null (with a WARN if broken) */
        static Provider load(String className) {
            Class<?> c;
            try {
                c = Class.forName(className, true, SignatureEngines.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                LOG.debug("{} is not on the class path: signatures are verified by the JDK", className);
                return null;
            } catch (LinkageError e) {
                LOG.warn("{} could not be loaded ({}); signatures are verified by the JDK", className, e.toString());
                return null;
            }
            try {
                Object p = c.getMethod("provider").invoke(null);
                if (p instanceof Provider) {
                    return (Provider) p;
                }
                LOG.warn("{}.provider() returned no JCA provider; signatures are verified by the JDK", className);
            } catch (InvocationTargetException e) {
                LOG.warn("the native provider failed to load ({}); signatures are verified by the JDK",
                        e.getCause().toString());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.warn("{} could not be used ({}); signatures are verified by the JDK", className, e.toString());
            }
            return null;
        }
    }
}
