package dev.warden.testkit.internal;

import dev.warden.testsupport.Jws;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TokenFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The grants of a mock issuer's token endpoint and the tokens they mint: client credentials, authorization
 * code with PKCE S256, rotating refresh tokens and the Steam ticket exchange. Keeps the pending authorization
 * codes and live refresh tokens. Thread-safe.
 */
public final class Grants {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenFactory tokens;
    private final Directory directory;
    private final Duration tokenLifetime;
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<String>> steamTicketCheck = t -> Optional.empty();

    private record PendingCode(String clientId, String redirectUri, String challenge, String subject, String nonce) {}

    private record RefreshGrant(String clientId, String subject) {}

    /**
     * @param tokens mints the tokens
     * @param directory the registered clients and users
     * @param tokenLifetime the lifetime token responses announce in {@code expires_in}
     */
    public Grants(TokenFactory tokens, Directory directory, Duration tokenLifetime) {
        this.tokens = tokens;
        this.directory = directory;
        this.tokenLifetime = tokenLifetime;
    }

    /** @param check maps a Steam ticket to a Steam user id, or empty to refuse it */
    public void steamTicketCheck(Function<String, Optional<String>> check) {
        this.steamTicketCheck = Objects.requireNonNull(check, "check");
    }

    /**
     * Remembers a successful authorization request until its code is redeemed (once).
     *
     * @param clientId the client that asked
     * @param redirectUri the redirect URI it gave
     * @param challenge its PKCE S256 challenge
     * @param subject the user who logged in
     * @param nonce its nonce, or null
     * @return the authorization code
     */
    public String issueCode(String clientId, String redirectUri, String challenge, String subject, String nonce) {
        String code = randomToken();
        codes.put(code, new PendingCode(clientId, redirectUri, challenge, subject, nonce));
        return code;
    }

    /** @param subject a user whose refresh tokens are all revoked (end session) */
    public void revokeRefreshTokens(String subject) {
        refreshTokens.values().removeIf(g -> g.subject().equals(subject));
    }

    /**
     * @param client the authenticated client
     * @param form the token request's form parameters
     * @return the token response or the OAuth error
     */
    public Reply token(Directory.Client client, Map<String, String> form) {
        String grant = form.getOrDefault("grant_type", "");
        switch (grant) {
            case "client_credentials": {
                if (client.secret() == null) {
                    return Reply.error(400, "unauthorized_client", "public clients cannot use client_credentials");
                }
                String token = tokens.service(client.id()).audience(client.audiences().toArray(new String[0]))
                        .roles(client.roles().toArray(new String[0])).sign();
                return new Reply(200, tokenResponse(token, null, null));
            }
            case "authorization_code": {
                PendingCode code = codes.remove(form.getOrDefault("code", ""));
                if (code == null || !code.clientId().equals(client.id())) {
                    return Reply.error(400, "invalid_grant", "unknown or used authorization code");
                }
                if (!code.redirectUri().equals(form.get("redirect_uri"))) {
                    return Reply.error(400, "invalid_grant", "redirect_uri differs from the authorization request");
                }
                String verifier = form.get("code_verifier");
                if (verifier == null || !code.challenge().equals(s256(verifier))) {
                    return Reply.error(400, "invalid_grant", "PKCE verification failed");
                }
                return userTokens(client, code.subject(), code.nonce());
            }
            case "refresh_token": {
                RefreshGrant g = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (g == null || !g.clientId().equals(client.id())) {
                    return Reply.error(400, "invalid_grant", "unknown, used or revoked refresh token");
                }
                return userTokens(client, g.subject(), null);
            }
            case MockIssuer.STEAM_TICKET_GRANT: {
                String ticket = form.get("ticket");
                Optional<String> steamId = ticket == null ? Optional.empty() : steamTicketCheck.apply(ticket);
                if (steamId.isEmpty()) {
                    return Reply.error(400, "invalid_grant", "steam ticket refused");
                }
                String sub = "steam:" + steamId.get();
                directory.steamLogin(sub);
                return userTokens(client, sub, null);
            }
            default:
                return Reply.error(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
        }
    }

    private Reply userTokens(Directory.Client client, String subject, String nonce) {
        Directory.User u = directory.user(subject);
        if (u == null) {
            return Reply.error(400, "invalid_grant", "no such user");
        }
        TokenFactory.Spec spec = tokens.user(subject).audience(client.id()).claim("azp", client.id())
                .roles(u.roles().toArray(new String[0])).claim("login_method", u.loginMethod());
        u.profile().forEach(spec::claim);
        if (nonce != null) {
            spec.claim("nonce", nonce);
        }
        String idToken = spec.sign();
        String refresh = randomToken();
        refreshTokens.put(refresh, new RefreshGrant(client.id(), subject));
        return new Reply(200, tokenResponse(idToken, idToken, refresh));
    }

    private Map<String, Object> tokenResponse(String accessToken, String idToken, String refreshToken) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("access_token", accessToken);
        r.put("token_type", "Bearer");
        r.put("expires_in", tokenLifetime.getSeconds());
        if (idToken != null) {
            r.put("id_token", idToken);
        }
        if (refreshToken != null) {
            r.put("refresh_token", refreshToken);
        }
        return r;
    }

    /**
     * @param verifier a PKCE code verifier
     * @return its S256 challenge
     */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Jws.b64(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Jws.b64(b);
    }
}
