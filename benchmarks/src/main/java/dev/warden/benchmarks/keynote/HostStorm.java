package dev.warden.benchmarks.keynote;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testsupport.TestKeys;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection storm through the host (issue 27): fresh ES256 WebSocket connections to a {@link HostServer} serving
 * the quickstart chat port ({@code @OnConnect} and {@code @OnDisconnect} each write the user's row), each one the HTTP
 * upgrade with the token in its {@code Authorization} header, the token's validation with AWS-LC (the Amazon
 * Corretto Crypto Provider, the native provider {@code crypto-native} installs), {@code Warden.connect} with the
 * connect hook, and the {@code InitialConnection} message; then the client closes (close frame, the disconnect
 * hook). Every token is distinct and used once (a new subject each time, as after a host restart), so each
 * connection costs a verification; the validator keeps its default verified-token cache, as a host has it.
 *
 * <p>Measured in the same run, round after round: the floor, one AWS-LC {@code SHA256withECDSA} verification (an
 * engine made once, the provider's own key) on one thread for {@code seconds}, then the storm, {@code
 * per-round} connections on two client threads ({@code HOST_STORM_CLIENTS} threads if set: each waits for its
 * connection's whole life, so two threads measure latency more than capacity). The figure is connections a second
 * against twice the floor's
 * rate (two cores each verifying without pause). The clients are plain sockets speaking just enough of RFC 6455,
 * so that the client's own cost on the shared cores stays small. Round 0 warms up and is not counted.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.warden.benchmarks.keynote.HostStorm [rounds] [per-round] [floor-seconds]
 * </pre>
 * Defaults: 5 rounds, 20,000 connections a round, 1 s of floor a round. Only loopback is used.
 */
public final class HostStorm {

    static final String ISSUER = "https://storm.example.com";
    static final String AUDIENCE = "storm";
    static final String DATABASE = "quickstart-chat";
    /** Client threads, each connecting one connection at a time (HOST_STORM_CLIENTS, default 2). */
    static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("HOST_STORM_CLIENTS", "2"));

    private HostStorm() {
    }

    /**
     * @param args rounds, connections per round, seconds of floor per round
     * @throws Exception if setup fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        double floorSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        if (rounds < 1 || perRound < 2 || floorSeconds <= 0) {
            System.err.println("usage: HostStorm [rounds >= 1] [per-round >= 2] [floor-seconds > 0]");
            System.exit(2);
        }
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        accp.assertHealthy();
        KeyPair keys = TestKeys.ec();

        long mintStart = System.nanoTime();
        String[] tokens = mint(keys, accp, (rounds + 1) * perRound);
        System.err.printf(Locale.ROOT, "minted %,d tokens in %.1f s%n", tokens.length,
                (System.nanoTime() - mintStart) / 1e9);

        LocalIssuer local = LocalIssuer.builder().build();
        AtomicReference<String> es256Provider = new AtomicReference<>();
        TokenValidator validator = TokenValidator.builder().signatureProvider(accp)
                .listener(new ValidationListener() {
                    @Override
                    public void signatureProviders(Map<SignatureAlgorithm, String> byAlgorithm) {
                        es256Provider.set(byAlgorithm.get(SignatureAlgorithm.ES256));
                    }
                })
                .trust(TrustedIssuer.builder(ISSUER).audiences(AUDIENCE).staticKey("k1", keys.getPublic()).build())
                .trust(local.trustedIssuer()).build();
        if (!accp.getName().equals(es256Provider.get())) {
            throw new IllegalStateException("ES256 is verified by " + es256Provider.get() + ", not " + accp.getName());
        }
        Warden<QuickstartChat> warden = Warden.builder(PolicyEngine.builder().build().compile(QuickstartChat.class),
                        new QuickstartChat()).validator(validator)
                .claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        Floor floor = new Floor(accp, keys, tokens[tokens.length - 1]);
        try (HostServer host = HostServer.builder(warden, validator, local).database(DATABASE).port(0)
                .maxConnectionsPerAddress(HostServer.DEFAULT_MAX_CONNECTIONS).start()) {
            int port = host.port();
            System.out.printf(Locale.ROOT, "%s, AWS-LC through %s, " + CLIENTS + " client threads, %,d connections a round%n",
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    accp.getName() + " " + accp.getVersionStr(), perRound);
            System.out.println("| round | floor us/verify | floor verifies/s | connections/s (" + CLIENTS + " threads) | failed "
                    + "| x (2 x floor rate) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
            List<Double> ratios = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            List<Double> floors = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                double floorRate = floor.rate(floorSeconds);
                Storm storm = storm(port, tokens, round * perRound, perRound);
                double ratio = storm.rate / (2 * floorRate);
                System.out.printf(Locale.ROOT, "| %s | %.2f | %,.0f | %,.0f | %d | %.3f |%n",
                        round == 0 ? "warm-up" : Integer.toString(round), 1e6 / floorRate, floorRate, storm.rate,
                        storm.failed, ratio);
                if (storm.failed > 0) {
                    System.err.println("first failure: " + storm.firstFailure);
                }
                if (round > 0) {
                    ratios.add(ratio);
                    rates.add(storm.rate);
                    floors.add(floorRate);
                }
            }
            System.out.printf(Locale.ROOT, "| median | %.2f | %,.0f | %,.0f | | %.3f |%n", 1e6 / median(floors),
                    median(floors), median(rates), median(ratios));
        } finally {
            validator.close();
        }
    }

    /** Distinct ES256 tokens, one subject each, signed with AWS-LC on every core. */
    static String[] mint(KeyPair keys, java.security.Provider provider, int count) throws InterruptedException {
        String[] tokens = new String[count];
        Instant now = Instant.now();
        Date issued = Date.from(now);
        Date expires = Date.from(now.plusSeconds(3600));
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    tokens[i] = Jwts.builder().provider(provider).header().keyId("k1").and().issuer(ISSUER)
                            .subject("storm-" + i).audience().add(AUDIENCE).and().issuedAt(issued)
                            .expiration(expires).signWith(keys.getPrivate(), Jwts.SIG.ES256).compact();
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return tokens;
    }

    /** One AWS-LC ES256 verification, as {@code NativeSignatureBenchmark}'s floor makes it. */
    static final class Floor {
        private final Signature engine;
        private final PublicKey key;
        private final byte[] signingInput;
        private final byte[] signature;

        Floor(java.security.Provider provider, KeyPair keys, String token) throws GeneralSecurityException {
            engine = Signature.getInstance("SHA256withECDSA", provider);
            key = (PublicKey) KeyFactory.getInstance("EC", provider).translateKey(keys.getPublic());
            int dot = token.lastIndexOf('.');
            signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            signature = p1363ToDer(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
            if (!verify()) {
                throw new IllegalStateException("the floor's signature does not verify");
            }
        }

        boolean verify() throws GeneralSecurityException {
            engine.initVerify(key);
            engine.update(signingInput);
            return engine.verify(signature);
        }

        /** Verifications a second on this thread over about {@code seconds}. */
        double rate(double seconds) throws GeneralSecurityException {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long n = 0;
            boolean all = true;
            long now;
            do {
                for (int i = 0; i < 64; i++) {
                    all &= verify();
                }
                n += 64;
                now = System.nanoTime();
            } while (now < end);
            if (!all) {
                throw new IllegalStateException("a floor verification failed");
            }
            return n / ((now - start) / 1e9);
        }
    }

    /** What one round of the storm did. */
    record Storm(double rate, int failed, String firstFailure) {
    }

    /** {@link #CLIENTS} client threads connect with the tokens {@code from .. from+count-1}, each once. */
    static Storm storm(int port, String[] tokens, int from, int count) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        int end = from + count;
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENTS; t++) {
            Thread c = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                    try {
                        connectOnce(port, tokens[i]);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            });
            c.start();
            clients.add(c);
        }
        for (Thread c : clients) {
            c.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Storm((count - failed.get()) / seconds, failed.get(), firstFailure.get());
    }

    /**
     * Upgrades, reads the first message (which must be {@code InitialConnection}), sends a close frame, reads to the
     * server's close, and closes.
     */
    static void connectOnce(int port, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET /v1/database/" + DATABASE + "/subscribe?compression=None HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
            }
            byte[] first = readFrame(in, 0x2);
            // compression tag None, then the ServerMessage's tag: 0 is InitialConnection
            if (first.length < 2 || first[0] != 0 || first[1] != 0) {
                throw new IOException("the first message is not InitialConnection");
            }
            // a masked close frame, code 1000 (the mask is zero: a client must mask, any key will do)
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
            out.flush();
            readFrame(in, 0x8);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade response");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads frames until one with the given opcode, which it returns (unmasked, as a server sends). */
    private static byte[] readFrame(InputStream in, int opcode) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                throw new IOException("closed before a frame of opcode " + opcode);
            }
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (readByte(in) << 8) | readByte(in);
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte(in);
                }
            }
            if (len > 1 << 20) {
                throw new IOException("frame of " + len + " bytes");
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length != len) {
                throw new IOException("closed inside a frame");
            }
            if ((b0 & 0x0F) == opcode) {
                return payload;
            }
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("closed inside a frame header");
        }
        return b;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** DER from JOSE's r || s, as the JCA verifies it. */
    static byte[] p1363ToDer(byte[] sig) {
        byte[] r = derInteger(sig, 0);
        byte[] s = derInteger(sig, 32);
        byte[] out = new byte[2 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] derInteger(byte[] sig, int off) {
        byte[] v = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, off, off + 32)).toByteArray();
        byte[] out = new byte[2 + v.length];
        out[0] = 0x02;
        out[1] = (byte) v.length;
        System.arraycopy(v, 0, out, 2, v.length);
        return out;
    }
}
