package dev.warden.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client of a {@link MockIssuer}'s project: its id (the tokens' audience), secret and redirect URIs. */
public final class MockClient {
    final String id;
    volatile String secret;
    final List<String> redirectUris = new CopyOnWriteArrayList<>();
    final List<String> postLogoutRedirectUris = new CopyOnWriteArrayList<>();
    final List<String> extraAudiences = new CopyOnWriteArrayList<>();
    final List<String> roles = new CopyOnWriteArrayList<>();

    MockClient(String id) {
        this.id = id;
    }

    /** @return the client id */
    public String id() {
        return id;
    }

    /**
     * @param secret makes the client confidential (needed for client credentials)
     * @return this client
     */
    public MockClient secret(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
        return this;
    }

    /**
     * @param uri a redirect URI accepted by the authorization endpoint
     * @return this client
     */
    public MockClient redirectUri(String uri) {
        return add(redirectUris, uri, "uri");
    }

    /**
     * @param uri a URI end session may redirect to
     * @return this client
     */
    public MockClient postLogoutRedirectUri(String uri) {
        return add(postLogoutRedirectUris, uri, "uri");
    }

    /**
     * @param audience another audience its client-credentials tokens carry (an API)
     * @return this client
     */
    public MockClient audience(String audience) {
        return add(extraAudiences, audience, "audience");
    }

    /**
     * @param roles roles its client-credentials tokens carry
     * @return this client
     */
    public MockClient roles(String... roles) {
        this.roles.clear();
        this.roles.addAll(List.of(roles));
        return this;
    }

    private MockClient add(List<String> list, String value, String name) {
        list.add(Objects.requireNonNull(value, name));
        return this;
    }

    List<String> audiences() {
        List<String> out = new ArrayList<>();
        out.add(id);
        out.addAll(extraAudiences);
        return out;
    }
}
