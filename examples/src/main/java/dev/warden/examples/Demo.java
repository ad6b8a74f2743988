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
 * --port N                (WARDEN_PORT)      default 3000
 * --exit                                      exit after the walkthrough
 * --issuer URL            (WARDEN_ISSUER)    trust this real issuer instead of the embedded one
 * --audience ID           (WARDEN_AUDIENCE)  the client id tokens must name (required with --issuer)
 * --authorized-party ID   (WARDEN_AUTHORIZED_PARTY) the client tokens must be issued to (azp), if set
 * --access-tokens                             also accept access tokens typed at+jwt (RFC 9068)
 * --roles PRESET          (WARDEN_ROLES)     spacetimeauth | keycloak:CLIENT | auth0:CLAIM | entra | okta
 *                                             | cognito | clerk | firebase[:FLAG,FLAG] | spring
 * --keys DIR              (WARDEN_KEYS)      keep the local issuer's key pair here, so identities survive
 * </pre>
 */
public final class Demo {

    private Demo() {}

    /**
     * @param args see the class comment
     * @throws Exception if the host cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int port = Integer.parseInt(opts.getOrDefault("port", env("WARDEN_PORT", "3000")));
        String issuerUrl = opts.getOrDefault("issuer", env("WARDEN_ISSUER", null));
        PrintStream out = System.out;

        LocalIssuer.Builder lb = LocalIssuer.builder();
        String keys = opts.getOrDefault("keys", env("WARDEN_KEYS", null));
        if (keys != null) {
            lb.keyFiles(Path.of(keys, "id_ecdsa"), Path.of(keys, "id_ecdsa.pub"));
        }
        LocalIssuer local = lb.build();
        MockIssuer embedded = null;
        TrustedIssuer trusted;
        RoleMapping roles;
        if (issuerUrl == null) {
            embedded = MockIssuer.start();
            trusted = embedded.trust().build();
            roles = MockIssuer.roleMapping();
        } else {
            trusted = realIssuer(issuerUrl, opts);
            roles = preset(opts.getOrDefault("roles", env("WARDEN_ROLES", "spacetimeauth")));
        }
        TokenValidator validator = TokenValidator.builder().trust(trusted).trust(local.trustedIssuer()).build();
        // the embedded issuer is a fixture: alice has no roles on purpose, so no warning that her token has none
        ClaimsMapper mapper = ClaimsMapper.builder().roles(trusted.issuer(), roles).anonymousIssuer(local.issuer())
                .warnWhenRolesMissing(embedded == null).build();
        ChatModule module = new ChatModule();
        Warden<ChatModule> warden = Warden.builder(ChatModule.engine().compile(ChatModule.class), module)
                .validator(validator).claims(mapper).build();
        HostServer host = HostServer.builder(warden, validator, local).database("chat").port(port).start();
        out.println("Warden demo host on " + host.uri() + " (database 'chat'), trusting "
                + (embedded == null ? trusted.issuer() : "an embedded mock issuer at " + embedded.issuer())
                + " and anonymous identities from POST /v1/identity");
        out.println("SpacetimeDB's client SDKs connect to " + host.uri().toString().replaceFirst("^http", "ws")
                + " with database name 'chat' (tables: posts, my_messages, profiles)");
        if (embedded != null) {
            out.println("Embedded issuer's client credentials (random each run): " + MockIssuer.DEFAULT_CLIENT + " / "
                    + embedded.defaultClientSecret());
        }

        if (embedded != null) {
            Walkthrough w = new Walkthrough(host.uri(), embedded);
            out.println();
            out.println(w.run().table());
            out.println(w.curlHints());
        }
        if (opts.containsKey("exit")) {
            host.close();
            validator.close();
            if (embedded != null) {
                embedded.close();
            }
            return;
        }
        out.println("Serving until Ctrl-C.");
        new CountDownLatch(1).await();
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
            if (key.equals("exit") || key.equals("access-tokens")) {
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
}
