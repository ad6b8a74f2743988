package dev.warden.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Warden's own ECDSA form checks and its P1363-to-DER transcoding (for providers without the P1363 form). */
class EcdsaDerTest {

    static byte[] p1363(BigInteger r, BigInteger s, int half) {
        byte[] out = new byte[2 * half];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        int rn = Math.min(rb.length, half);
        int sn = Math.min(sb.length, half);
        System.arraycopy(rb, rb.length - rn, out, half - rn, rn);
        System.arraycopy(sb, sb.length - sn, out, 2 * half - sn, sn);
        return out;
    }

    /** The DER form the JDK's own encoder would write: SEQUENCE of two minimal INTEGERs. */
    static byte[] der(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        int content = 2 + rb.length + 2 + sb.length;
        byte[] out = new byte[(content > 127 ? 3 : 2) + content];
        int p = 0;
        out[p++] = 0x30;
        if (content > 127) {
            out[p++] = (byte) 0x81;
        }
        out[p++] = (byte) content;
        out[p++] = 2;
        out[p++] = (byte) rb.length;
        System.arraycopy(rb, 0, out, p, rb.length);
        p += rb.length;
        out[p++] = 2;
        out[p++] = (byte) sb.length;
        System.arraycopy(sb, 0, out, p, sb.length);
        return out;
    }

    @Test
    void transcodingIsMinimalDerForEveryShapeOfRAndS() {
        Random random = new Random(17);
        byte[] out = new byte[EcdsaDer.MAX_LENGTH];
        for (int half : new int[] {32, 48, 66}) {
            for (int i = 0; i < 2000; i++) {
                // every bit length, so that leading zero octets and high bits both occur
                BigInteger r = new BigInteger(1 + random.nextInt(half * 8 - 1), random).add(BigInteger.ONE);
                BigInteger s = new BigInteger(1 + random.nextInt(half * 8 - 1), random).add(BigInteger.ONE);
                int n = EcdsaDer.fromP1363(p1363(r, s, half), out);
                assertThat(Arrays.copyOf(out, n)).as(half + " " + r + " " + s).isEqualTo(der(r, s));
            }
            BigInteger top = BigInteger.TWO.pow(half * 8).subtract(BigInteger.ONE);
            int n = EcdsaDer.fromP1363(p1363(top, BigInteger.ONE, half), out);
            assertThat(n).isLessThanOrEqualTo(EcdsaDer.MAX_LENGTH);
            assertThat(Arrays.copyOf(out, n)).isEqualTo(der(top, BigInteger.ONE));
        }
    }

    @Test
    void theJdkVerifiesTranscodedSignatures() throws Exception {
        for (String[] c : new String[][] {{"secp256r1", "SHA256"}, {"secp384r1", "SHA384"}, {"secp521r1", "SHA512"}}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(c[0]));
            KeyPair kp = g.generateKeyPair();
            for (int i = 0; i < 20; i++) {
                byte[] msg = ("message " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Signature sign = Signature.getInstance(c[1] + "withECDSAinP1363Format");
                sign.initSign(kp.getPrivate());
                sign.update(msg);
                byte[] sig = sign.sign();
                byte[] out = new byte[EcdsaDer.MAX_LENGTH];
                int n = EcdsaDer.fromP1363(sig, out);
                Signature verify = Signature.getInstance(c[1] + "withECDSA");
                verify.initVerify(kp.getPublic());
                verify.update(msg);
                assertThat(verify.verify(out, 0, n)).as(c[0]).isTrue();
            }
        }
    }

    @Test
    void legalFormIsExactSizeAndBothHalvesBetweenZeroAndTheOrder() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        BigInteger n = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams().getOrder();
        byte[] order = p1363(BigInteger.ZERO, n, 32);
        order = Arrays.copyOfRange(order, 32, 64);
        BigInteger one = BigInteger.ONE;
        BigInteger nMinus1 = n.subtract(one);
        assertThat(EcdsaDer.isLegal(p1363(one, one, 32), order)).isTrue();
        assertThat(EcdsaDer.isLegal(p1363(nMinus1, nMinus1, 32), order)).isTrue();
        assertThat(EcdsaDer.isLegal(p1363(BigInteger.ZERO, one, 32), order)).isFalse();
        assertThat(EcdsaDer.isLegal(p1363(one, BigInteger.ZERO, 32), order)).isFalse();
        assertThat(EcdsaDer.isLegal(p1363(n, one, 32), order)).isFalse();
        assertThat(EcdsaDer.isLegal(p1363(one, n, 32), order)).isFalse();
        assertThat(EcdsaDer.isLegal(p1363(one, n.add(one), 32), order)).isFalse();
        assertThat(EcdsaDer.isLegal(new byte[64], order)).isFalse();
        assertThat(EcdsaDer.isLegal(Arrays.copyOf(p1363(one, one, 32), 63), order)).isFalse();
        assertThat(EcdsaDer.isLegal(Arrays.copyOf(p1363(one, one, 32), 65), order)).isFalse();
    }
}
