package dev.warden.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds callers for tests from real tokens through the real validator and claims mapper. Roles and SERVICE
 * marks are minted in the shape of the test's claims mapping ({@link WardenClaims}), so the production mapping
 * reads them. Thread-safe.
 */
public final class TestCallers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockIssuer issuer;
    private final LocalIssuer local;
    private final TokenValidator validator;
    private final ClaimsMapper mapper;
    private final Identity moduleIdentity;

    TestCallers(MockIssuer issuer, LocalIssuer local, TokenValidator validator, ClaimsMapper mapper,
                Identity moduleIdentity) {
        this.issuer = issuer;
        this.local = local;
        this.validator = validator;
        this.mapper = mapper;
        this.moduleIdentity = moduleIdentity;
    }

    /**
     * @param subject the user
     * @param roles their roles
     * @return a USER caller
     */
    public CallerContext user(String subject, String... roles) {
        return fromToken(issuer.tokens().user(subject).roles(roles).sign());
    }

    /**
     * @param clientId the client
     * @param roles its roles
     * @return a SERVICE caller (client-credentials style token, marked as the test's mapping recognises one)
     * @throws IllegalArgumentException if the mapping cannot recognise a SERVICE token with this subject
     */
    public CallerContext service(String clientId, String... roles) {
        return fromToken(issuer.tokens().service(clientId).roles(roles).sign());
    }

    /** @return an ANONYMOUS caller with a fresh local-issuer identity */
    public CallerContext anonymous() {
        return fromToken(local.mintAnonymous().token());
    }

    /** @return the module itself, as scheduled reducers run */
    public CallerContext internal() {
        return CallerContext.internal(moduleIdentity);
    }

    /**
     * @param token any token the validator trusts
     * @return its caller, on a fresh connection
     * @throws dev.warden.core.TokenRejectedException if it is not valid
     */
    public CallerContext fromToken(String token) {
        return mapper.toCaller(validator.validate(token), ConnectionId.random());
    }

    /**
     * @param spec a caller description
     * @return the caller it describes
     * @throws IllegalArgumentException if an anonymous or internal caller is given roles, scopes or claims, or
     *     a claim is not {@code name=value}
     */
    public CallerContext of(WithCaller spec) {
        Objects.requireNonNull(spec, "spec");
        CallerKind kind = spec.kind();
        boolean decorated = spec.roles().length > 0 || spec.scopes().length > 0 || spec.claims().length > 0;
        if ((kind == CallerKind.ANONYMOUS || kind == CallerKind.INTERNAL) && decorated) {
            throw new IllegalArgumentException("@WithCaller(kind = " + kind + ") cannot carry roles, scopes or claims: "
                    + (kind == CallerKind.ANONYMOUS ? "anonymous callers get none" : "internal callers have no token"));
        }
        switch (kind) {
            case ANONYMOUS:
                return anonymous();
            case INTERNAL:
                return internal();
            default:
                TokenFactory.Spec t = kind == CallerKind.SERVICE
                        ? issuer.tokens().service(spec.subject())
                        : issuer.tokens().user(spec.subject());
                t.roles(spec.roles());
                if (spec.scopes().length > 0) {
                    t.scopes(spec.scopes());
                }
                parseClaims(spec.claims()).forEach(t::claim);
                return fromToken(t.sign());
        }
    }

    static Map<String, Object> parseClaims(String[] claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : claims) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a claim is written name=value, got '" + c + "'");
            }
            String value = c.substring(eq + 1);
            Object parsed;
            try {
                parsed = JSON.readValue(value, Object.class);
            } catch (java.io.IOException e) {
                parsed = value;
            }
            out.put(c.substring(0, eq), parsed);
        }
        return out;
    }
}
