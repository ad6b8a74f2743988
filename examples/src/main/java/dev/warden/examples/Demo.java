package dev.warden.examples;

import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.host.HostServer;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the demo host, a {@link HostServer} serving the {@link ChatModule} as database {@code chat}: SpacetimeDB's
 * HTTP routes and its {@code v2.bsatn.spacetimedb} WebSocket endpoint, so SpacetimeDB's own client SDKs can
 * connect. By default it embeds a mock OIDC issuer, runs a walkthrough (alice, bob the admin, an anonymous client,
 * a forged and an expired token) and keeps serving. Options (or environment variables):
 *
 * <pre>
 * --port N                (WARDEN_PORT)      default 3000; the embedded issuer listens on N + 1
 * --exit                                      exit after the walkthrough
 * --issuer URL            (WARDEN_ISSUER)    trust this real issuer instead of the embedded one
 * --audience ID           (WARDEN_AUDIENCE)  the client id tokens must name (required with --issuer)
 * --authorized-party ID   (WARDEN_AUTHORIZED_PARTY) the client tokens must be issued to (azp), if set
 * --access-tokens                             also accept access tokens typed at+jwt (RFC 9068)
 * --roles PRESET          (WARDEN_ROLES)     spacetimeauth | keycloak:CLIENT | auth0:CLAIM | entra | okta
 *                                             | cognito | clerk | firebase[:FLAG,FLAG] | spring
 * --keys DIR              (WARDEN_KEYS)      keep the local issuer's key pair here, so identities survive
 *                                             (default: DATA/keys with --data)
 * --data DIR              (WARDEN_DATA)      keep the chat's tables here (default ./demo-data): a second run shows
 *                                             the first run's rows, bans included
 * --in-memory                                 keep nothing: every run starts empty
 * </pre>
 */
public final class Demo {

    private Demo() {}

    /** The embedded issuer's public client, for tokens fetched by hand (authorization code with PKCE). */
    static final String DEMO_CLIENT = "demo-cli";
    /** Where the authorization code is "redirected": curl reads the code from the Location header. */
    static final String DEMO_REDIRECT = "http://127.0.0.1/callback";
    /** RFC 7636's example verifier: the demo's printed commands need no openssl. */
    static final String DEMO_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    /**
     * Runs the demo; exits with status 2 and one line on standard error if it cannot start (a busy port, a bad
     * option), rather than a stack trace and a JVM kept alive by the embedded issuer's threads.
     *
     * @param args see the class comment
     * @throws Exception if the walkthrough fails
     */
    public static void main(String[] args) throws Exception {
        Demo.Running running;
        try {
            running = start(args, System.out);
        } catch (StartupException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception | Error e) {
            // the host and the embedded issuer keep the JVM alive: end it, rather than hang after the trace
            e.printStackTrace();
            System.err.println("demo: the walkthrough failed: " + e);
            System.exit(1);
            return;
        }
        if (running == null) {
            return;
        }
        System.out.println("Serving until Ctrl-C.");
        new CountDownLatch(1).await();
    }

    /** Why the demo could not start, in one line for its user. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a started demo runs: closed together. */
    record Running(HostServer host, TokenValidator validator, MockIssuer embedded) implements AutoCloseable {
        @Override
        public void close() {
            host.close();
            validator.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * Starts the host and runs the walkthrough.
     *
     * @param args the options
     * @param out where the demo prints
     * @return the running demo, or null if {@code --exit} asked it to stop after the walkthrough
     * @throws StartupException if an option is wrong or a port is taken; nothing is left running
     * @throws Exception if the walkthrough fails
     */
    static Running start(String[] args, PrintStream out) throws Exception {
        Map<String, String> opts;
        int port;
        String issuerUrl;
        TrustedIssuer trusted;
        RoleMapping roles;
        try {
            opts = options(args);
            String p = opts.getOrDefault("port", env("WARDEN_PORT", "3000"));
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port needs a number from 0 to 65534, not '" + p + "'");
            }
            if (port < 0 || port > 65534) {
                throw new IllegalArgumentException("--port needs a number from 0 to 65534, not " + port);
            }
            issuerUrl = opts.getOrDefault("issuer", env("WARDEN_ISSUER", null));
            trusted = issuerUrl == null ? null : realIssuer(issuerUrl, opts);
            roles = issuerUrl == null ? MockIssuer.roleMapping()
                    : preset(opts.getOrDefault("roles", env("WARDEN_ROLES", "spacetimeauth")));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + " (see the options at the top of Demo.java)", e);
        }

        Path data = opts.containsKey("in-memory") ? null
                : Path.of(opts.getOrDefault("data", env("WARDEN_DATA", "demo-data"))).toAbsolutePath();
        LocalIssuer.Builder lb = LocalIssuer.builder();
        String keys = opts.getOrDefault("keys", env("WARDEN_KEYS", data == null ? null
                : data.resolve("keys").toString()));
        if (data != null) {
            try {
                ownersOnly(data);   // the chat's rows, and with the default --keys the issuer's private key
            } catch (java.io.IOException e) {
                throw new StartupException("the data directory " + data + " cannot be created: " + e.getMessage(), e);
            }
        }
        if (keys != null) {
            try {
                ownersOnly(Path.of(keys));
            } catch (java.io.IOException e) {
                throw new StartupException("the key directory " + keys + " cannot be created: " + e.getMessage(), e);
            }
        }
        if (keys != null) {
            lb.keyFiles(Path.of(keys, "id_ecdsa"), Path.of(keys, "id_ecdsa.pub"));
        }
        LocalIssuer local = lb.build();
        MockIssuer embedded = null;
        if (issuerUrl == null) {
            int issuerPort = port == 0 ? 0 : port + 1;
            try {
                embedded = MockIssuer.builder().port(issuerPort).start();
            } catch (RuntimeException e) {
                throw new StartupException(portMessage("the embedded issuer", issuerPort, port, e), e);
            }
            embedded.client(DEMO_CLIENT).redirectUri(DEMO_REDIRECT);
            embedded.user("alice");
            embedded.user("bob").roles("admin");
            trusted = embedded.trust(MockIssuer.DEFAULT_CLIENT, DEMO_CLIENT).build();
        }
        TokenValidator validator = TokenValidator.builder().trust(trusted).trust(local.trustedIssuer()).build();
        // the embedded issuer is a fixture: alice has no roles on purpose, so no warning that her token has none
        ClaimsMapper mapper = ClaimsMapper.builder().roles(trusted.issuer(), roles).anonymousIssuer(local.issuer())
                .warnWhenRolesMissing(embedded == null).build();
        ChatModule module = new ChatModule();
        Warden<ChatModule> warden = Warden.builder(ChatModule.engine().compile(ChatModule.class), module)
                .validator(validator).claims(mapper).build();
        boolean fresh = data == null || !java.nio.file.Files.exists(data.resolve(dev.warden.storage.Storage.FILE_NAME));
        HostServer host;
        try {
            HostServer.Builder hb = HostServer.builder(warden, validator, local).database("chat").port(port);
            host = (data == null ? hb : hb.data(data)).start();
        } catch (dev.warden.storage.StorageException e) {
            validator.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new StartupException("the data directory " + data + " cannot be used: " + e.getMessage()
                    + " (--data DIR for another, --in-memory for none)", e);
        } catch (RuntimeException e) {
            validator.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new StartupException(portMessage("the host", port, port, e), e);
        }
        Running running = new Running(host, validator, embedded);
        out.println("Warden demo host on " + host.uri() + " (database 'chat'), trusting "
                + (embedded == null ? trusted.issuer() : "an embedded mock issuer at " + embedded.issuer())
                + " and anonymous identities from POST /v1/identity");
        out.println(data == null ? "Tables in memory only (--in-memory): nothing is kept after this run"
                : "Tables kept in " + data + " (--data DIR for another, --in-memory for none)");
        out.println("SpacetimeDB's client SDKs connect to " + host.uri().toString().replaceFirst("^http", "ws")
                + " with database name 'chat' (tables: posts, my_messages, profiles)");

        if (!fresh) {
            out.println("Kept from earlier runs: " + kept(warden) + "; the walkthrough ran on the first start (--in-memory"
                    + " or a new --data DIR runs it again)");
        }
        if (embedded != null && fresh) {
            Walkthrough w = new Walkthrough(host.uri(), embedded);
            out.println();
            out.println(w.run().table());
            out.println(tryIt(host.uri(), embedded));
        }
        if (opts.containsKey("exit")) {
            running.close();
            return null;
        }
        return running;
    }

    /** Each table's row count, such as {@code 2 rows in post, 1 in banned}. */
    static String kept(Warden<?> warden) {
        dev.warden.db.Database db = warden.database();
        return db.read(() -> {
            List<String> parts = new ArrayList<>();
            for (dev.warden.db.TableSchema t : db.schema().tables()) {
                parts.add(db.rows(t.name()).size() + (parts.isEmpty() ? " rows in " : " in ") + t.name());
            }
            return String.join(", ", parts);
        });
    }

    /** One line for a failed start: a taken port names itself and {@code --port}. */
    private static String portMessage(String what, int tried, int asked, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return what + " cannot listen on 127.0.0.1:" + tried + ": the port is in use; choose another with"
                        + " --port N (or WARDEN_PORT), for example --port " + (asked + 10)
                        + (what.startsWith("the embedded") ? " (the embedded issuer takes N + 1)" : "");
            }
        }
        return what + " could not start on 127.0.0.1:" + tried + ": " + e.getMessage();
    }

    /**
     * The commands the demo prints after its walkthrough, the same ones (at port 3000) as the README's "Then try it
     * yourself" block, which a test runs as written.
     *
     * @param host the host's address
     * @param embedded the embedded issuer
     * @return the commands, with a line of explanation
     */
    static String tryIt(java.net.URI host, MockIssuer embedded) {
        String base = host.toString().replaceAll("/$", "");
        String issuer = embedded.issuer();
        return String.join("\n",
                "Try it yourself: the embedded issuer knows alice (a user) and bob (an admin); a shell function takes",
                "their ID tokens as an app would (authorization code with PKCE, for the public client " + DEMO_CLIENT
                        + "):",
                "",
                "token() {   # prints an ID token for user $1 of the demo's issuer",
                "  code=$(curl -s -o /dev/null -w '%{redirect_url}' '" + issuer + "/auth?client_id=" + DEMO_CLIENT
                        + "&redirect_uri=" + DEMO_REDIRECT + "&response_type=code&code_challenge_method=S256"
                        + "&code_challenge=" + MockIssuer.s256(DEMO_VERIFIER) + "&login_hint='\"$1\" | sed 's/.*code=\\([^&]*\\).*/\\1/')",
                "  curl -s -d grant_type=authorization_code -d client_id=" + DEMO_CLIENT + " -d \"code=$code\" "
                        + "-d redirect_uri=" + DEMO_REDIRECT + " -d code_verifier=" + DEMO_VERIFIER + " " + issuer
                        + "/token | sed 's/.*\"id_token\":\"\\([^\"]*\\)\".*/\\1/'",
                "}",
                "ALICE=$(token alice); BOB=$(token bob)",
                "curl -si -X POST -H \"Authorization: Bearer $ALICE\" -d '[\"hi from curl\"]' " + base
                        + "/v1/database/chat/call/create_post   # 200",
                "curl -si -X POST -H \"Authorization: Bearer $ALICE\" " + base
                        + "/v1/database/chat/call/export_posts   # 530: admins only",
                "curl -si -X POST -H \"Authorization: Bearer $BOB\" " + base
                        + "/v1/database/chat/call/export_posts   # 200",
                "ANON=$(curl -s -X POST " + base + "/v1/identity)   # a new anonymous identity and its token",
                "TOKEN=$(echo \"$ANON\" | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')",
                "ID=$(echo \"$ANON\" | sed 's/.*\"identity\":\"\\([^\"]*\\)\".*/\\1/')",
                "curl -si -X POST -H \"Authorization: Bearer $TOKEN\" -d '[\"hi\"]' " + base
                        + "/v1/database/chat/call/create_post   # 530: anonymous callers may not post",
                "curl -si -X POST -d '[\"hi\"]' " + base
                        + "/v1/database/chat/call/create_post   # no token: a new anonymous identity, then 530",
                "curl -si -X POST -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/identity/websocket-token",
                "curl -si -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/identity/$ID/verify   # 204: its own",
                "curl -si -H \"Authorization: Bearer $ALICE\" " + base + "/v1/identity/$ID/verify   # 400: not alice's",
                "curl -s " + base + "/v1/identity/public-key");
    }

    /** The real issuer to trust: its audience, and the authorized party and access tokens if asked for. */
    static TrustedIssuer realIssuer(String issuerUrl, Map<String, String> opts) {
        String audience = opts.getOrDefault("audience", env("WARDEN_AUDIENCE", null));
        if (audience == null) {
            throw new IllegalArgumentException("--issuer needs --audience (the client id your tokens name)");
        }
        TrustedIssuer.Builder tb = TrustedIssuer.builder(issuerUrl).audiences(audience)
                .acceptAccessTokens(opts.containsKey("access-tokens"));
        String azp = opts.getOrDefault("authorized-party", env("WARDEN_AUTHORIZED_PARTY", null));
        if (azp != null) {
            tb.authorizedParty(azp);
        }
        return tb.build();
    }

    static RoleMapping preset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("spacetimeauth")) {
            return RoleMapping.spacetimeAuth();
        }
        if (n.startsWith("keycloak:")) {
            return RoleMapping.keycloak(name.substring("keycloak:".length()));
        }
        if (n.startsWith("auth0:")) {
            return RoleMapping.auth0(name.substring("auth0:".length()));
        }
        if (n.equals("entra")) {
            return RoleMapping.entraId();
        }
        if (n.equals("okta")) {
            return RoleMapping.okta();
        }
        if (n.equals("cognito")) {
            return RoleMapping.cognito();
        }
        if (n.equals("clerk")) {
            return RoleMapping.clerk();
        }
        if (n.equals("firebase") || n.startsWith("firebase:")) {
            return RoleMapping.firebase(n.equals("firebase") ? new String[0]
                    : name.substring("firebase:".length()).split(","));
        }
        if (n.equals("spring")) {
            return RoleMapping.springAuthorizationServer();
        }
        throw new IllegalArgumentException("unknown --roles preset " + name + " (spacetimeauth, keycloak:CLIENT, "
                + "auth0:CLAIM, entra, okta, cognito, clerk, firebase[:FLAG,FLAG], spring)");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.addAll(List.of(a.trim().split("\\s+")));
        }
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            if (a.isEmpty()) {
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.equals("exit") || key.equals("access-tokens") || key.equals("in-memory")) {
                out.put(key, "true");
            } else if (i + 1 < list.size()) {
                out.put(key, list.get(++i));
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return out;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * Creates a directory readable by its owner alone (0700) where the file system has POSIX permissions, with its
     * missing parents; an existing directory keeps the permissions its owner gave it.
     */
    static void ownersOnly(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            java.nio.file.Files.createDirectories(dir.getParent());
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            java.nio.file.Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            // the umask may have narrowed what was asked, never widened it; set it exactly
            java.nio.file.Files.setPosixFilePermissions(dir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } else {
            java.nio.file.Files.createDirectory(dir);
        }
    }
}
