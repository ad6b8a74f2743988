package dev.warden.testkit.internal;

import java.util.Map;

/**
 * A JSON answer of a mock issuer's endpoint, before it becomes an HTTP response.
 *
 * @param status the HTTP status
 * @param body what is written as the JSON body
 */
public record Reply(int status, Object body) {

    /**
     * @param status the HTTP status
     * @param code the OAuth {@code error} code
     * @param description the {@code error_description}
     * @return an OAuth error reply
     */
    public static Reply error(int status, String code, String description) {
        return new Reply(status, Map.of("error", code, "error_description", description));
    }
}
