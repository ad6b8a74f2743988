package dev.warden.claims;

/** Who is calling. */
public enum CallerKind {
    /** A person signed in with a trusted external issuer. */
    USER,
    /** A machine client (OAuth client credentials): {@code sub} equals {@code azp} or one of the audiences (the
     * client id), or the token carries a configured grant marker. */
    SERVICE,
    /** A client with a token from the host's own {@code LocalIssuer}. */
    ANONYMOUS,
    /** The module itself: scheduled reducers and {@code init}; no token, no connection. */
    INTERNAL
}
