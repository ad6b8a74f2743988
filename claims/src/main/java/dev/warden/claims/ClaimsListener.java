package dev.warden.claims;

import java.util.List;

/**
 * Told what a {@link ClaimsMapper} noticed about an issuer's tokens, for metrics and alerts. Methods are
 * called on the connecting thread and must not block; an exception thrown here is logged and ignored. No
 * method receives token content.
 */
public interface ClaimsListener {

    /** A listener that ignores everything. */
    ClaimsListener NONE = new ClaimsListener() { };

    /**
     * The first user token from {@code issuer} carried none of the claims its role mapping reads: its callers
     * may all be getting no roles, as Keycloak's ID tokens do until "Add to ID token" is switched on. Called
     * at most once per issuer, when it is also logged at WARN.
     *
     * @param issuer the issuer
     * @param mapping the mapping's name, for example {@code keycloak}
     * @param claimPaths the claims it looked for
     * @param providerSetting what to switch on at the provider to add them
     */
    default void noRoleClaims(String issuer, String mapping, List<String> claimPaths, String providerSetting) {
    }
}
