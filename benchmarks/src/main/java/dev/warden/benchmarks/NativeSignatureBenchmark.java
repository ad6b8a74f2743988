package dev.warden.benchmarks;

import dev.warden.core.TokenValidator;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.conscrypt.Conscrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warden on a new token (verified-token cache off) with each signature provider given to the builder (JDK: none
 * given, Warden's default), beside that provider's own floor: one {@code Signature.verify} (getInstance and
 * initVerify included, DER ECDSA) over the same input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NativeSignatureBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP", "CONSCRYPT"})
    public String provider;

    Fixtures f;
    Provider jca;
    TokenValidator warden;
    Signature floor;
    java.security.PublicKey floorKey;

    @Setup
    public void setup() {
        f = new Fixtures(alg);
        switch (provider) {
            case "ACCP":
                jca = AmazonCorrettoCryptoProvider.INSTANCE;
                break;
            case "CONSCRYPT":
                jca = Conscrypt.newProvider();
                break;
            default:
                jca = null;
        }
        java.util.concurrent.atomic.AtomicReference<String> used = new java.util.concurrent.atomic.AtomicReference<>();
        warden = f.warden(false, jca, new dev.warden.core.ValidationListener() {
            @Override
            public void signatureProviders(java.util.Map<dev.warden.core.SignatureAlgorithm, String> byAlgorithm) {
                used.set(byAlgorithm.get(dev.warden.core.SignatureAlgorithm.valueOf(alg)));
            }
        });
        if (jca != null && !jca.getName().equals(used.get())) {
            throw new IllegalStateException(alg + " is verified by " + used.get() + ", not " + jca.getName());
        }
        warden.validate(f.token);
        try {
            floor = jca == null ? Signature.getInstance(f.jcaAlgorithm()) : Signature.getInstance(f.jcaAlgorithm(), jca);
            // the provider's own key object, made once as Warden makes it: otherwise each initVerify of the floor
            // would translate the JDK's key into the native one, which is not the verification's cost
            String keyType = alg.equals("RS256") ? "RSA" : "EC";
            floorKey = jca == null ? f.publicKey()
                    : java.security.KeyFactory.getInstance(keyType, jca).translateKey(f.publicKey()) instanceof
                            java.security.PublicKey k ? k : f.publicKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown
    public void tearDown() {
        warden.close();
    }

    /** One raw verification with an engine made once: the floor a verifier cannot go below. */
    @Benchmark
    public boolean providerFloor() throws Exception {
        floor.initVerify(floorKey);
        floor.update(f.signingInput);
        return floor.verify(f.signature);
    }

    @Benchmark
    public Object wardenNewToken() {
        return warden.validate(f.token);
    }
}
