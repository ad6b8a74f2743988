package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureSpi;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Native signature verification (issue 17): the provider chosen per algorithm is the one the listener is told,
 * every algorithm verifies and refuses through it, a provider that fails its self-test is replaced by the JDK
 * (never trusted to accept), and one validator is safe under concurrent use.
 */
class NativeSignatureTest {

    static final String ISS = "https://issuer.example";
    static final SettableClock CLOCK = new SettableClock(TokenValidatorTest.NOW);
    static final Map<SignatureAlgorithm, KeyPair> KEYS = new EnumMap<>(SignatureAlgorithm.class);

    static {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair r = rsa.generateKeyPair();
            for (SignatureAlgorithm a : List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
                    SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512)) {
                KEYS.put(a, r);
            }
            KEYS.put(SignatureAlgorithm.ES256, ec("secp256r1"));
            KEYS.put(SignatureAlgorithm.ES384, ec("secp384r1"));
            KEYS.put(SignatureAlgorithm.ES512, ec("secp521r1"));
            KEYS.put(SignatureAlgorithm.EdDSA, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** A token of {@code alg}, signed by the JDK, with {@code kid} naming the algorithm. */
    static String token(SignatureAlgorithm alg) throws Exception {
        long t = CLOCK.instant().getEpochSecond();
        String input = Jws.b64("{\"alg\":\"" + alg + "\",\"kid\":\"" + alg + "\"}") + "." + Jws.b64("{\"iss\":\""
                + ISS + "\",\"sub\":\"user-42\",\"aud\":\"client-1\",\"iat\":" + t + ",\"exp\":" + (t + 600) + "}");
        String n = alg.name().substring(2);
        Signature s;
        switch (alg.name().substring(0, 2)) {
            case "RS": s = Signature.getInstance("SHA" + n + "withRSA"); break;
            case "PS":
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-" + n, "MGF1", new MGF1ParameterSpec("SHA-" + n),
                        Integer.parseInt(n) / 8, 1));
                break;
            case "ES": s = Signature.getInstance("SHA" + (n.equals("512") ? "512" : n) + "withECDSAinP1363Format"); break;
            default: s = Signature.getInstance("Ed25519");
        }
        s.initSign(KEYS.get(alg).getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Jws.b64(s.sign());
    }

    static String flipped(String token) {
        byte[] sig = AttackSuiteTest.sig(token);
        sig[sig.length / 3] ^= 0x10;
        return Jws.withSignature(token, sig);
    }

    static TokenValidator validator(TokenValidator.Builder b, ValidationListener listener) {
        TrustedIssuer.Builder ti = TrustedIssuer.builder(ISS).audiences("client-1")
                .algorithms(KEYS.keySet().toArray(new SignatureAlgorithm[0]));
        KEYS.forEach((alg, kp) -> ti.staticKey(alg.name(), kp.getPublic()));
        return b.trust(ti.build()).clock(CLOCK).noVerifiedTokenCache().listener(listener).build();
    }

    static Map<SignatureAlgorithm, String> expected(NativeProviders p) {
        Map<SignatureAlgorithm, String> m = new EnumMap<>(SignatureAlgorithm.class);
        for (SignatureAlgorithm a : KEYS.keySet()) {
            m.put(a, p == NativeProviders.ACCP ? "AmazonCorrettoCryptoProvider" : p == NativeProviders.CONSCRYPT
                    ? "Conscrypt" : a.name().startsWith("RS") ? "SunJCE" : a.name().startsWith("PS") ? "SunRsaSign"
                    : "SunEC");
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(NativeProviders.class)
    void theListenerIsToldTheProviderOfEachAlgorithmAndEachVerifiesThroughIt(NativeProviders p) throws Exception {
        AtomicReference<Map<SignatureAlgorithm, String>> told = new AtomicReference<>();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                told.set(providerByAlgorithm);
            }
        };
        try (TokenValidator v = validator(p.configure(TokenValidator.builder()), listener)) {
            assertThat(told.get()).isEqualTo(expected(p));
            for (SignatureAlgorithm alg : KEYS.keySet()) {
                String token = token(alg);
                assertThat(v.validate(token).algorithm()).as(alg + " on " + p).isEqualTo(alg);
                assertThat(v.validate(token).keyId()).contains(alg.name());   // the same verifier, reused
                Rejections.assertRejected(v, flipped(token), RejectionReason.BAD_SIGNATURE);
                assertThat(v.validate(token).subject()).as("verifies again after a rejection").isEqualTo("user-42");
            }
        }
    }

    /** A provider whose every verifier answers {@code verdict}, or throws if it is null. */
    static Provider fake(String name, Boolean verdict) {
        return new BrokenProvider(name, verdict);
    }

    static final class BrokenProvider extends Provider {
        private static final long serialVersionUID = 1L;

        BrokenProvider(String name, Boolean verdict) {
            super(name, "1", "a broken provider");
            for (String alg : List.of("SHA256withRSA", "RSASSA-PSS", "SHA256withECDSAinP1363Format", "Ed25519")) {
                putService(new Provider.Service(this, "Signature", alg, FixedSignature.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object param) {
                        return new FixedSignature(verdict);
                    }
                });
            }
        }
    }

    /** A verifier that answers the same whatever it is given. */
    static final class FixedSignature extends SignatureSpi {
        private final Boolean verdict;

        FixedSignature(Boolean verdict) {
            this.verdict = verdict;
        }

        @Override protected void engineInitVerify(PublicKey publicKey) {}
        @Override protected void engineInitSign(java.security.PrivateKey privateKey) {}
        @Override protected void engineUpdate(byte b) {}
        @Override protected void engineUpdate(byte[] b, int off, int len) {}
        @Override protected byte[] engineSign() {
            throw new UnsupportedOperationException();
        }
        @Override protected boolean engineVerify(byte[] sigBytes) throws java.security.SignatureException {
            if (verdict == null) {
                throw new java.security.SignatureException("broken");
            }
            return verdict;
        }
        @Override protected void engineSetParameter(java.security.spec.AlgorithmParameterSpec params) {}
        @Override @Deprecated protected void engineSetParameter(String param, Object value) {}
        @Override @Deprecated protected Object engineGetParameter(String param) {
            return null;
        }
    }

    @Test
    void aProviderThatFailsItsSelfTestIsReplacedByTheJdkNeverTrusted() throws Exception {
        for (Boolean verdict : new Boolean[] {true, false, null}) {
            AtomicReference<Map<SignatureAlgorithm, String>> told = new AtomicReference<>();
            ValidationListener listener = new ValidationListener() {
                @Override
                public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                    told.set(providerByAlgorithm);
                }
            };
            Provider broken = fake("Broken" + verdict, verdict);
            try (TokenValidator v = validator(TokenValidator.builder().signatureProvider(broken), listener)) {
                assertThat(told.get()).as("answers " + verdict).isEqualTo(expected(NativeProviders.JDK));
                for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256,
                        SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA)) {
                    String token = token(alg);
                    assertThat(v.validate(token).algorithm()).isEqualTo(alg);
                    Rejections.assertRejected(v, flipped(token), RejectionReason.BAD_SIGNATURE);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NativeProviders.class)
    void oneValidatorIsSafeUnderConcurrentUse(NativeProviders p) throws Exception {
        List<String> good = new ArrayList<>();
        for (SignatureAlgorithm alg : KEYS.keySet()) {
            good.add(token(alg));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TokenValidator v = validator(p.configure(TokenValidator.builder()), ValidationListener.NONE)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 300; i++) {
                        String token = good.get((i + offset) % good.size());
                        if ((i + offset) % 3 == 0) {
                            String forged = flipped(token);
                            Rejections.assertRejected(v, forged, RejectionReason.BAD_SIGNATURE);
                        } else {
                            assertThat(v.validate(token).subject()).isEqualTo("user-42");
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A provider installed ahead of SunJCE whose RSA cipher "unpads" anything to the DigestInfo an attacker wants
     * (a lenient PKCS#1 implementation at its worst): the JDK path must not use it. Run on a fresh thread, whose
     * verifiers are made while the stub is installed.
     */
    @Test
    void theJdkPathNeverTakesItsRsaPrimitiveFromAProviderAheadOfSunJce() throws Exception {
        String unsigned = token(SignatureAlgorithm.RS256);
        String input = unsigned.substring(0, unsigned.lastIndexOf('.'));
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.US_ASCII));
        byte[] digestInfo = new byte[19 + 32];
        System.arraycopy(new byte[] {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
            0x02, 0x01, 0x05, 0x00, 0x04, 0x20}, 0, digestInfo, 0, 19);
        System.arraycopy(hash, 0, digestInfo, 19, 32);
        byte[] garbage = new byte[256];
        new java.util.Random(5).nextBytes(garbage);
        garbage[0] = 0x01;   // below any 2048-bit modulus
        String forged = Jws.withSignature(unsigned, garbage);
        Provider lenient = new Provider("LenientRsa", "1", "answers every RSA operation with a chosen DigestInfo") {
            {
                for (String t : List.of("RSA", "RSA/ECB/PKCS1Padding", "RSA/ECB/NoPadding")) {
                    putService(new Provider.Service(this, "Cipher", t, LenientCipher.class.getName(), null, null) {
                        @Override
                        public Object newInstance(Object param) {
                            return new LenientCipher(digestInfo);
                        }
                    });
                }
            }
        };
        java.security.Security.insertProviderAt(lenient, 1);
        try {
            ExecutorService fresh = Executors.newSingleThreadExecutor();
            try (TokenValidator v = validator(TokenValidator.builder(), ValidationListener.NONE)) {
                Future<TokenRejectedException> refused = fresh.submit(() -> {
                    try {
                        v.validate(forged);
                        return null;
                    } catch (TokenRejectedException e) {
                        return e;
                    }
                });
                assertThat(refused.get()).as("a forged RS256 token").isNotNull()
                        .extracting(TokenRejectedException::reason).isEqualTo(RejectionReason.BAD_SIGNATURE);
                assertThat(fresh.submit(() -> v.validate(unsigned).algorithm()).get()).isEqualTo(SignatureAlgorithm.RS256);
            } finally {
                fresh.shutdown();
            }
        } finally {
            java.security.Security.removeProvider("LenientRsa");
        }
    }

    /** An RSA cipher whose every result is the same chosen bytes. */
    static final class LenientCipher extends javax.crypto.CipherSpi {
        private final byte[] answer;

        LenientCipher(byte[] answer) {
            this.answer = answer;
        }

        @Override protected void engineSetMode(String mode) {}
        @Override protected void engineSetPadding(String padding) {}
        @Override protected int engineGetBlockSize() {
            return 0;
        }
        @Override protected int engineGetOutputSize(int inputLen) {
            return 512;
        }
        @Override protected byte[] engineGetIV() {
            return null;
        }
        @Override protected java.security.AlgorithmParameters engineGetParameters() {
            return null;
        }
        @Override protected void engineInit(int opmode, java.security.Key key, java.security.SecureRandom random) {}
        @Override protected void engineInit(int opmode, java.security.Key key,
                java.security.spec.AlgorithmParameterSpec params, java.security.SecureRandom random) {}
        @Override protected void engineInit(int opmode, java.security.Key key, java.security.AlgorithmParameters params,
                java.security.SecureRandom random) {}
        @Override protected byte[] engineUpdate(byte[] input, int off, int len) {
            return new byte[0];
        }
        @Override protected int engineUpdate(byte[] input, int off, int len, byte[] out, int outOff) {
            return 0;
        }
        @Override protected byte[] engineDoFinal(byte[] input, int off, int len) {
            return answer.clone();
        }
        @Override protected int engineDoFinal(byte[] input, int off, int len, byte[] out, int outOff) {
            System.arraycopy(answer, 0, out, outOff, answer.length);
            return answer.length;
        }
    }

    /**
     * The JDK's own SunRsaSign, passed explicitly, accepts a DigestInfo without its NULL parameters: it fails the
     * self-test for RS256 to RS512, which the JDK path's exact check then verifies (same verdict as every other
     * provider), while it keeps PS256 to PS512.
     */
    @Test
    void anExplicitProviderAcceptingADigestInfoWithoutNullKeepsOnlyWhatPassesTheSelfTest() throws Exception {
        AtomicReference<Map<SignatureAlgorithm, String>> told = new AtomicReference<>();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                told.set(providerByAlgorithm);
            }
        };
        try (TokenValidator v = validator(TokenValidator.builder()
                .signatureProvider(java.security.Security.getProvider("SunRsaSign")), listener)) {
            assertThat(told.get()).containsEntry(SignatureAlgorithm.RS256, "SunJCE")
                    .containsEntry(SignatureAlgorithm.RS384, "SunJCE").containsEntry(SignatureAlgorithm.RS512, "SunJCE")
                    .containsEntry(SignatureAlgorithm.PS256, "SunRsaSign");
            assertThat(v.validate(token(SignatureAlgorithm.RS256)).algorithm()).isEqualTo(SignatureAlgorithm.RS256);
            Rejections.assertRejected(v, flipped(token(SignatureAlgorithm.RS512)), RejectionReason.BAD_SIGNATURE);
        }
    }

    /** Validators given the same provider share its engines: its self-tests run once, not once per validator. */
    @Test
    void validatorsGivenTheSameProviderShareItsEngines() {
        Provider p = NativeProviders.ACCP.provider();
        assertThat(dev.warden.core.internal.SignatureEngines.select(p))
                .isSameAs(dev.warden.core.internal.SignatureEngines.select(p))
                .isNotSameAs(dev.warden.core.internal.SignatureEngines.select(NativeProviders.CONSCRYPT.provider()));
    }

    /**
     * Found in review: the RS256 check's hash, and the HMAC, also came from the global provider order. A provider
     * ahead of the JDK's whose SHA-256 answers the hash of a token it once saw (and whose HmacSHA256 answers a
     * fixed MAC) would let that token's signature carry any payload. Run on fresh threads, whose verifiers are
     * made while the stub is installed.
     */
    @Test
    void theJdkPathTakesNoHashOrHmacFromAProviderAheadOfTheJdks() throws Exception {
        String genuine = token(SignatureAlgorithm.RS256);
        String input = genuine.substring(0, genuine.lastIndexOf('.'));
        byte[] genuineHash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(input.getBytes(StandardCharsets.US_ASCII));
        long t = CLOCK.instant().getEpochSecond();
        String otherPayload = Jws.b64("{\"iss\":\"" + ISS + "\",\"sub\":\"admin\",\"aud\":\"client-1\",\"iat\":" + t
                + ",\"exp\":" + (t + 600) + "}");
        String forgedRsa = input.substring(0, input.indexOf('.') + 1) + otherPayload
                + genuine.substring(genuine.lastIndexOf('.'));
        byte[] fixedMac = new byte[32];
        String forgedHmac = Jws.b64("{\"alg\":\"HS256\"}") + "." + otherPayload + "." + Jws.b64(fixedMac);
        Provider stub = new Provider("StubDigests", "1", "a SHA-256 and an HmacSHA256 that answer fixed bytes") {
            {
                putService(new Provider.Service(this, "MessageDigest", "SHA-256", FixedDigest.class.getName(), null,
                        null) {
                    @Override
                    public Object newInstance(Object param) {
                        return new FixedDigest(genuineHash);
                    }
                });
                putService(new Provider.Service(this, "Mac", "HmacSHA256", FixedMac.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object param) {
                        return new FixedMac(fixedMac);
                    }
                });
            }
        };
        java.security.Security.insertProviderAt(stub, 1);
        ExecutorService fresh = Executors.newSingleThreadExecutor();
        byte[] secret = "a thirty-two byte secret, for HS".getBytes(StandardCharsets.US_ASCII);
        try (TokenValidator rsa = validator(TokenValidator.builder(), ValidationListener.NONE);
             TokenValidator hmac = TokenValidator.builder().clock(CLOCK).noVerifiedTokenCache()
                     .trust(TrustedIssuer.builder(ISS).audiences("client-1").algorithms(SignatureAlgorithm.HS256)
                             .hmacSecret(secret).build()).build()) {
            for (Object[] c : new Object[][] {{rsa, forgedRsa}, {hmac, forgedHmac}}) {
                TokenValidator v = (TokenValidator) c[0];
                Future<RejectionReason> refused = fresh.submit(() -> {
                    try {
                        v.validate((String) c[1]);
                        return null;
                    } catch (TokenRejectedException e) {
                        return e.reason();
                    }
                });
                assertThat(refused.get()).as("a forged token").isEqualTo(RejectionReason.BAD_SIGNATURE);
            }
        } finally {
            fresh.shutdown();
            java.security.Security.removeProvider("StubDigests");
        }
    }

    /** A digest whose every result is the same bytes. */
    static final class FixedDigest extends java.security.MessageDigestSpi {
        private final byte[] answer;

        FixedDigest(byte[] answer) {
            this.answer = answer;
        }

        @Override protected void engineUpdate(byte input) {}
        @Override protected void engineUpdate(byte[] input, int offset, int len) {}
        @Override protected byte[] engineDigest() {
            return answer.clone();
        }
        @Override protected int engineGetDigestLength() {
            return answer.length;
        }
        @Override protected void engineReset() {}
    }

    /** A MAC whose every result is the same bytes. */
    static final class FixedMac extends javax.crypto.MacSpi {
        private final byte[] answer;

        FixedMac(byte[] answer) {
            this.answer = answer;
        }

        @Override protected int engineGetMacLength() {
            return answer.length;
        }
        @Override protected void engineInit(java.security.Key key, java.security.spec.AlgorithmParameterSpec params) {}
        @Override protected void engineUpdate(byte input) {}
        @Override protected void engineUpdate(byte[] input, int offset, int len) {}
        @Override protected byte[] engineDoFinal() {
            return answer.clone();
        }
        @Override protected void engineReset() {}
    }
}
