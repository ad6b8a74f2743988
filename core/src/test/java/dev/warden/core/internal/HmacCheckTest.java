package dev.warden.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HS256/384/512 through the pooled Macs: exact MACs verify, and keep verifying after refusals, on any thread. */
class HmacCheckTest {

    @Test
    void everyHmacAlgorithmVerifiesExactlyItsOwnMac() throws Exception {
        byte[] secret = new byte[64];
        Arrays.fill(secret, (byte) 7);
        HmacCheck check = new HmacCheck(secret);
        byte[] input = "eyJhbGciOiJIUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);
        String[][] algs = {{"HS256", "HmacSHA256"}, {"HS384", "HmacSHA384"}, {"HS512", "HmacSHA512"}};
        for (String[] a : algs) {
            SignatureAlgorithm alg = SignatureAlgorithm.valueOf(a[0]);
            Mac mac = Mac.getInstance(a[1]);
            mac.init(new SecretKeySpec(secret, a[1]));
            byte[] good = mac.doFinal(input);
            for (int round = 0; round < 3; round++) {
                assertThat(check.verify(alg, input, good)).as(a[0]).isTrue();
                byte[] flipped = good.clone();
                flipped[good.length - 1] ^= 1;
                assertThat(check.verify(alg, input, flipped)).isFalse();
                assertThat(check.verify(alg, input, Arrays.copyOf(good, good.length - 1))).isFalse();
                assertThat(check.verify(alg, input, Arrays.copyOf(good, good.length + 1))).isFalse();
                assertThat(check.verify(alg, input, new byte[0])).isFalse();
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertThat(check.verify(SignatureAlgorithm.HS384, input, mac.doFinal(input))).as("an HS256 MAC as HS384")
                .isFalse();
        assertThat(check.verify(SignatureAlgorithm.RS256, input, mac.doFinal(input))).isFalse();
    }

    /**
     * RFC 7518 section 3.2: the key must be at least as long as the hash. Found in review: moving from nimbus's
     * MACVerifier (which refused a 32-byte secret for HS512) to this class had dropped the check.
     */
    @Test
    void aSecretShorterThanTheHashVerifiesNothing() throws Exception {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        byte[] input = "eyJhbGciOiJIUzUxMiJ9.e30".getBytes(StandardCharsets.US_ASCII);
        HmacCheck check = new HmacCheck(secret);
        for (String[] a : new String[][] {{"HS384", "HmacSHA384"}, {"HS512", "HmacSHA512"}}) {
            Mac mac = Mac.getInstance(a[1]);
            mac.init(new SecretKeySpec(secret, a[1]));
            assertThat(check.verify(SignatureAlgorithm.valueOf(a[0]), input, mac.doFinal(input))).as(a[0]).isFalse();
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertThat(check.verify(SignatureAlgorithm.HS256, input, mac.doFinal(input))).isTrue();
    }

    /** Many threads sharing one check (more than its pool has slots on most machines) each get their own verdicts. */
    @Test
    void threadsSharingTheCheckGetTheirOwnVerdicts() throws Exception {
        byte[] secret = new byte[64];
        Arrays.fill(secret, (byte) 9);
        HmacCheck check = new HmacCheck(secret);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(96);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < 96; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    Mac mac = Mac.getInstance("HmacSHA512");
                    mac.init(new SecretKeySpec(secret, "HmacSHA512"));
                    int errors = 0;
                    for (int i = 0; i < 500; i++) {
                        byte[] input = ("t" + seed + "." + i).getBytes(StandardCharsets.US_ASCII);
                        byte[] good = mac.doFinal(input);
                        byte[] bad = good.clone();
                        bad[i % bad.length] ^= 1;
                        errors += check.verify(SignatureAlgorithm.HS512, input, good) ? 0 : 1;
                        errors += check.verify(SignatureAlgorithm.HS512, input, bad) ? 1 : 0;
                    }
                    return errors;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : wrong) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
    }
}
