/**
 * Warden core: validates OpenID Connect tokens against each issuer's JWKS, derives SpacetimeDB identities, and
 * mints the host's own tokens. Only {@code dev.warden.core} is API; nimbus-jose-jwt, Caffeine and Jackson are
 * implementation details and never appear in a public signature.
 */
module dev.warden.core {
    requires java.net.http;
    requires com.nimbusds.jose.jwt;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.codec;
    requires org.slf4j;

    exports dev.warden.core;
}
