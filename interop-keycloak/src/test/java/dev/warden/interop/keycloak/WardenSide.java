package dev.warden.interop.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.claims.ClaimsListener;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.core.VerifiedToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/** Warden configured the way the README tells a Keycloak user to, and a listener that records what it saw. */
final class WardenSide {

    private WardenSide() {}

    /** The README's Keycloak issuer: one realm, {@code aud} and {@code azp} = the client id; keys by discovery. */
    static TrustedIssuer.Builder issuer(GameRealm realm) {
        return TrustedIssuer.builder(realm.issuer()).audiences(GameRealm.CLIENT).authorizedParty(GameRealm.CLIENT);
    }

    static TokenValidator validator(TrustedIssuer issuer, ValidationListener listener) {
        return TokenValidator.builder().trust(issuer).listener(listener).build();
    }

    /** The README's Keycloak role mapping for {@code game-client}. */
    static ClaimsMapper.Builder mapper(GameRealm realm) {
        return ClaimsMapper.builder().roles(realm.issuer(), RoleMapping.keycloak(GameRealm.CLIENT));
    }

    /** A JWS header, decoded without verifying anything (to read the {@code kid} Keycloak signed with). */
    static JsonNode header(String token) {
        String part = token.substring(0, token.indexOf('.'));
        try {
            return KeycloakAdmin.JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JWS header", e);
        }
    }

    /** One {@code ClaimsListener.noRoleClaims} call. */
    record Told(String issuer, String mapping, List<String> paths, String setting) {}

    /** A claims listener that adds each {@code noRoleClaims} call to {@code told}. */
    static ClaimsListener noRoleClaimsInto(List<Told> told) {
        return new ClaimsListener() {
            @Override
            public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                told.add(new Told(issuer, mapping, List.copyOf(paths), setting));
            }
        };
    }

    /** Records the validator's events; thread-safe. */
    static final class Recorder implements ValidationListener {
        final List<Integer> fetches = Collections.synchronizedList(new ArrayList<>());
        final List<String> fetchFailures = Collections.synchronizedList(new ArrayList<>());
        final List<Long> staleServed = Collections.synchronizedList(new ArrayList<>());
        final List<String> ignored = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> acceptedFromCache = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void keysFetched(String issuer, int keyCount) {
            fetches.add(keyCount);
        }

        @Override
        public void keyFetchFailed(String issuer, String message) {
            fetchFailures.add(message);
        }

        @Override
        public void staleKeysServed(String issuer, long remainingMillis) {
            staleServed.add(remainingMillis);
        }

        @Override
        public void keyIgnored(String issuer, String keyId, String reason) {
            ignored.add(keyId + ": " + reason);
        }

        @Override
        public void accepted(VerifiedToken token, boolean fromCache) {
            acceptedFromCache.add(fromCache);
        }
    }
}
