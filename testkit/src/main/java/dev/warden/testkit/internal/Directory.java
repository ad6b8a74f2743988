package dev.warden.testkit.internal;

import java.util.List;
import java.util.Map;

/**
 * What a mock issuer's endpoints and grants read of the clients and users a test registered (the
 * {@code MockClient}s and {@code MockUser}s, whose state is package-private to the testkit).
 */
public interface Directory {

    /**
     * @param id a client id, not null
     * @return the client, or null if none is registered under that id
     */
    Client client(String id);

    /**
     * @param subject a user's {@code sub}, not null
     * @return the user, or null if none is registered under that subject
     */
    User user(String subject);

    /**
     * Registers the user on first use and records that they signed in with Steam.
     *
     * @param subject the user's {@code sub}
     */
    void steamLogin(String subject);

    /**
     * @param uri a URI end session was asked to redirect to
     * @return whether some client registered it as a post-logout redirect URI
     */
    boolean isPostLogoutRedirectUri(String uri);

    /**
     * A registered client as it is now.
     *
     * @param id its id
     * @param secret its secret, or null for a public client
     * @param redirectUris the redirect URIs the authorization endpoint accepts for it
     * @param audiences its id, then the other audiences of its client-credentials tokens
     * @param roles the roles of its client-credentials tokens
     */
    record Client(String id, String secret, List<String> redirectUris, List<String> audiences, List<String> roles) {}

    /**
     * A registered user as they are now.
     *
     * @param roles their roles
     * @param profile their profile claims
     * @param loginMethod their login method
     */
    record User(List<String> roles, Map<String, Object> profile, String loginMethod) {}
}
