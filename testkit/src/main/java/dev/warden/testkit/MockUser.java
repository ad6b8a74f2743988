package dev.warden.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user of a {@link MockIssuer}'s project: roles, profile claims and login method, as SpacetimeAuth keeps them. */
public final class MockUser {
    final String subject;
    final List<String> roles = new CopyOnWriteArrayList<>();
    final Map<String, Object> profile = new ConcurrentHashMap<>();
    volatile String loginMethod = "magic_link";

    MockUser(String subject) {
        this.subject = subject;
    }

    /** @return the {@code sub} */
    public String subject() {
        return subject;
    }

    /**
     * @param roles replaces the user's roles (tokens issued afterwards carry them)
     * @return this user
     */
    public MockUser roles(String... roles) {
        this.roles.clear();
        this.roles.addAll(List.of(roles));
        return this;
    }

    /**
     * @param name for example {@code name}, {@code email}, {@code preferred_username}
     * @param value its value
     * @return this user
     */
    public MockUser profile(String name, Object value) {
        profile.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @param method {@code magic_link}, {@code github}, {@code google}, {@code discord}, {@code twitch},
     *     {@code kick}, {@code steam}
     * @return this user
     */
    public MockUser loginMethod(String method) {
        this.loginMethod = Objects.requireNonNull(method, "method");
        return this;
    }
}
