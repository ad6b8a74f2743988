package dev.warden.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.testsupport.Jws;
import dev.warden.testkit.internal.SigningKey;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Mints tokens of one issuer with jjwt, an implementation independent of Warden's validator, so tests do not
 * confirm themselves. Roles and SERVICE marks are written in the shape of the issuer's claims mapping
 * ({@link MockIssuer#mintFor(ClaimsMapper)}; by default a flat {@code roles} claim and
 * {@code gty} = {@code client-credentials}). Thread-safe.
 *
 * <pre>{@code
 * String admin = issuer.tokens().user("alice").roles("admin").claim("tenant_id", "t1").sign();
 * String expired = issuer.tokens().bad(BadToken.EXPIRED);
 * }</pre>
 */
public final class TokenFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final Supplier<SigningKey> key;
    private final Clock clock;
    private final String audience;
    private final Duration lifetime;
    private final Map<String, Object> defaults;
    private volatile ClaimsMapper shape = ClaimsMapper.builder().defaultRoles(MockIssuer.roleMapping()).build();

    TokenFactory(String issuer, Supplier<SigningKey> key, Clock clock, String audience, Duration lifetime,
                 Map<String, Object> defaults) {
        this.issuer = issuer;
        this.key = key;
        this.clock = clock;
        this.audience = audience;
        this.lifetime = lifetime;
        this.defaults = Map.copyOf(defaults);
    }

    /** Writes roles and SERVICE marks from now on as {@code mapper} reads them for this issuer. */
    void shape(ClaimsMapper mapper) {
        this.shape = Objects.requireNonNull(mapper, "mapper");
    }

    /** @return the issuer these tokens name */
    public String issuer() {
        return issuer;
    }

    /**
     * @param subject the user's {@code sub}
     * @return a token for a user, ready to customise and {@link Spec#sign()}
     */
    public Spec user(String subject) {
        return new Spec(subject).audience(audience);
    }

    /**
     * A service calling the module under test: its audiences are the client id and the audience user tokens
     * carry (the issuer's default client), so the validator a {@link WardenTest} builds accepts it.
     *
     * @param clientId the client's id
     * @return a client-credentials style token: {@code sub} = {@code azp} = the client id, {@code aud} = the
     *     client id and the default audience, and what the issuer's mapping needs to read it as a SERVICE
     *     caller (by default {@code gty} = {@code client-credentials}; Keycloak's {@code client_id}, ...)
     */
    public Spec service(String clientId) {
        Spec s = new Spec(clientId);
        s.service = true;
        return (clientId.equals(audience) ? s.audience(clientId) : s.audience(clientId, audience))
                .claim("azp", clientId);
    }

    /**
     * @param kind which defect
     * @return a token of user {@code alice} with exactly that defect
     */
    public String bad(BadToken kind) {
        Objects.requireNonNull(kind, "kind");
        Instant now = clock.instant();
        SigningKey k = key.get();
        switch (kind) {
            case EXPIRED:
                return user("alice").issuedAt(now.minus(Duration.ofHours(2))).expiresAt(now.minus(Duration.ofHours(1)))
                        .sign();
            case NOT_YET_VALID:
                return user("alice").notBefore(now.plus(Duration.ofHours(1))).sign();
            case ISSUED_IN_FUTURE:
                return user("alice").issuedAt(now.plus(Duration.ofHours(1)))
                        .expiresAt(now.plus(Duration.ofHours(2))).sign();
            case WRONG_AUDIENCE:
                return user("alice").audience("someone-else").sign();
            case WRONG_ISSUER:
                return user("alice").issuer(issuer + "/").sign();
            case ALG_NONE:
                return Jws.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Jws.b64(payload("alice", now)) + ".";
            case WRONG_KEY:
                return Jws.sign(header(k.kid(), "RS256", ""), payload("alice", now),
                        SigningKey.generate().keyPair().getPrivate(), "RS256");
            case UNKNOWN_KEY: {
                SigningKey stranger = SigningKey.generate();
                return Jws.sign(header(stranger.kid(), "RS256", ""), payload("alice", now),
                        stranger.keyPair().getPrivate(), "RS256");
            }
            case TAMPERED_PAYLOAD: {
                String good = user("alice").sign();
                String[] p = good.split("\\.");
                return p[0] + "." + Jws.b64(payload("alice", now).replace("\"alice\"", "\"admin\"")) + "." + p[2];
            }
            case HS_RS_CONFUSION:
                return Jws.hmac(header(k.kid(), "HS256", ""), payload("alice", now),
                        k.keyPair().getPublic().getEncoded());
            case EMBEDDED_JWK: {
                SigningKey attacker = SigningKey.generate();
                return Jws.sign(header(attacker.kid(), "RS256", ",\"jwk\":" + attacker.publicJwkJson()),
                        payload("alice", now), attacker.keyPair().getPrivate(), "RS256");
            }
            case JKU_HEADER:
                return Jws.sign(header(k.kid(), "RS256", ",\"jku\":\"https://attacker.example/jwks\""),
                        payload("alice", now), k.keyPair().getPrivate(), "RS256");
            case CRIT_HEADER:
                return Jws.sign(header(k.kid(), "RS256", ",\"crit\":[\"exp\"]"), payload("alice", now),
                        k.keyPair().getPrivate(), "RS256");
            case OVERSIZED:
                return user("alice").claim("padding", "x".repeat(17 * 1024)).sign();
            case MISSING_SUBJECT:
                return Jws.sign(header(k.kid(), "RS256", ""), payload("alice", now).replace("\"sub\":\"alice\",", ""),
                        k.keyPair().getPrivate(), "RS256");
            case MISSING_EXPIRY:
                return user("alice").expiresAt(null).sign();
            case WRONG_HEX_IDENTITY:
                return user("alice").claim("hex_identity", Identity.fromClaims(issuer, "mallory").toHex()).sign();
            case EMPTY_SIGNATURE: {
                String good = user("alice").sign();
                return good.substring(0, good.lastIndexOf('.') + 1);
            }
            case DUPLICATE_CLAIM: {
                String p = payload("alice", now);
                return Jws.sign(header(k.kid(), "RS256", ""), p.substring(0, p.length() - 1) + ",\"sub\":\"admin\"}",
                        k.keyPair().getPrivate(), "RS256");
            }
            case JSON_SERIALIZATION: {
                String[] p = user("alice").sign().split("\\.");
                return "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}";
            }
            case TRUNCATED: {
                String good = user("alice").sign();
                return good.substring(0, good.lastIndexOf('.'));
            }
            default:
                throw new IllegalArgumentException("unknown bad token " + kind);
        }
    }

    private static String header(String kid, String alg, String extra) {
        return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"" + extra + "}";
    }

    private String payload(String subject, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>(defaults);
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        try {
            return JSON.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One token being described; {@link #sign()} mints it. Not thread-safe; cheap to create. */
    public final class Spec {
        private String subject;
        private String iss = issuer;
        private final List<String> audiences = new ArrayList<>();
        private final Map<String, Object> claims = new LinkedHashMap<>(defaults);
        private Instant issuedAt;
        private Instant expiresAt;
        private boolean expirySet;
        private Instant notBefore;
        private List<String> roles;
        private boolean service;

        private Spec(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
        }

        /**
         * @param audiences replaces the audiences
         * @return this spec
         */
        public Spec audience(String... audiences) {
            this.audiences.clear();
            this.audiences.addAll(Arrays.asList(audiences));
            return this;
        }

        /**
         * @param roles the caller's roles, written where the issuer's mapping reads them (by default the
         *     {@code roles} claim, SpacetimeAuth style; {@code realm_access.roles} for Keycloak, ...); none
         *     writes an empty role claim
         * @return this spec
         */
        public Spec roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        /**
         * @param scopes the {@code scope} claim, space-separated
         * @return this spec
         */
        public Spec scopes(String... scopes) {
            claims.put("scope", String.join(" ", scopes));
            return this;
        }

        /**
         * @param name a claim name
         * @param value its value (String, Number, Boolean, List, Map); written as given, over what
         *     {@link #roles} and a SERVICE token's marks would write there
         * @return this spec
         */
        public Spec claim(String name, Object value) {
            claims.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * @param issuer overrides {@code iss}
         * @return this spec
         */
        public Spec issuer(String issuer) {
            this.iss = issuer;
            return this;
        }

        /**
         * @param at {@code iat} (default: now)
         * @return this spec
         */
        public Spec issuedAt(Instant at) {
            this.issuedAt = at;
            return this;
        }

        /**
         * @param at {@code exp}, or null for none (default: now plus the factory's lifetime)
         * @return this spec
         */
        public Spec expiresAt(Instant at) {
            this.expiresAt = at;
            this.expirySet = true;
            return this;
        }

        /**
         * @param lifetime {@code exp} relative to {@code iat}
         * @return this spec
         */
        public Spec expiresIn(Duration lifetime) {
            return expiresAt(clock.instant().plus(lifetime));
        }

        /**
         * @param at {@code nbf}
         * @return this spec
         */
        public Spec notBefore(Instant at) {
            this.notBefore = at;
            return this;
        }

        /**
         * @return the signed compact JWS
         * @throws IllegalArgumentException if the issuer's mapping cannot read these roles or this kind from any
         *     token with this subject (for example a SERVICE token where the mapping wants {@code sub} to start
         *     with {@code mch_}), naming the role or rule
         */
        public String sign() {
            Instant now = issuedAt != null ? issuedAt : clock.instant();
            SigningKey k = key.get();
            JwtBuilder b = Jwts.builder().header().keyId(k.kid()).type("JWT").and()
                    .issuer(iss).subject(subject).issuedAt(Date.from(now));
            if (!audiences.isEmpty()) {
                b.audience().add(audiences).and();
            }
            Instant exp = expirySet ? expiresAt : now.plus(lifetime);
            if (exp != null) {
                b.expiration(Date.from(exp));
            }
            if (notBefore != null) {
                b.notBefore(Date.from(notBefore));
            }
            b.claims(roles != null || service ? shaped() : claims);
            return b.signWith(k.keyPair().getPrivate(), Jwts.SIG.RS256).compact();
        }

        /** The claims with the roles and SERVICE marks written by the mapping; claims set by hand win. */
        private Map<String, Object> shaped() {
            Map<String, Object> draft = new LinkedHashMap<>(claims);
            draft.put("iss", iss);
            draft.put("sub", subject);
            if (!audiences.isEmpty()) {
                draft.put("aud", List.copyOf(audiences));
            }
            Map<String, Object> out = new LinkedHashMap<>(shape.tokenClaims(issuer,
                    service ? CallerKind.SERVICE : CallerKind.USER, roles == null ? List.of() : roles, draft));
            out.keySet().removeAll(List.of("iss", "sub", "aud"));
            out.putAll(claims);
            return out;
        }
    }
}
