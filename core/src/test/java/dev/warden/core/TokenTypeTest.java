package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Explicit typing (RFC 8725 section 3.11, RFC 9068): a login is an ID token, or an access token where the
 * issuer is configured for them; other JWTs the same issuer signs for the same client never are. Before, a
 * back-channel logout token (typ logout+jwt, aud = the client id) passed for a login.
 */
class TokenTypeTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    TokenValidator validator;

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    private TokenValidator build(boolean accessTokens) {
        validator = TokenValidator.builder().clock(new SettableClock(NOW))
                .trust(idp.trust().acceptAccessTokens(accessTokens).build()).build();
        return validator;
    }

    private String typed(String typ, String extraClaims) {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"" + (typ == null ? "" : ",\"typ\":" + typ) + "}";
        return Jws.sign(header, idp.payload(NOW, extraClaims), idp.rsa.getPrivate(), "RS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"JWT\"", "\"jwt\"", "\"application/jwt\"", "\"Application/JWT\""})
    void idTokensTypedJwtAreAccepted(String typ) {
        assertThat(build(false).validate(typed(typ, "")).subject()).isEqualTo("user-42");
    }

    @Test
    void untypedTokensAreAccepted() {
        assertThat(build(false).validate(typed(null, "")).subject()).isEqualTo("user-42");
    }

    @Test
    void aLogoutTokenIsNotALogin() {
        build(false);
        String logout = typed("\"logout+jwt\"", "\"sid\":\"s-1\",\"events\":{\"http://schemas.openid.net/event/"
                + "backchannel-logout\":{}},\"jti\":\"j-1\"");
        TokenRejectedException e = assertRejected(validator, logout, RejectionReason.UNSUPPORTED_TOKEN_TYPE);
        assertThat(e.getMessage()).isEqualTo("UNSUPPORTED_TOKEN_TYPE: typ 'logout+jwt' is not a login token "
                + "(accepted: JWT, or at+jwt where access tokens are)");
    }

    @Test
    void aSecurityEventTokenWithoutTypIsNotALoginEither() {
        build(true);
        String set = typed(null, "\"events\":{\"http://schemas.openid.net/event/backchannel-logout\":{}}");
        TokenRejectedException e = assertRejected(validator, set, RejectionReason.UNSUPPORTED_TOKEN_TYPE);
        assertThat(e.getMessage()).contains("events claim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"dpop+jwt\"", "\"secevent+jwt\"", "\"JOSE\"", "\"\"", "\"at+jwt \""})
    void otherTypesAreRefused(String typ) {
        assertRejected(build(true), typed(typ, ""), RejectionReason.UNSUPPORTED_TOKEN_TYPE);
    }

    @Test
    void aTypThatIsNotAStringIsMalformed() {
        assertRejected(build(true), typed("7", ""), RejectionReason.MALFORMED);
    }

    @Test
    void accessTokensNeedTheIssuersConsent() {
        build(false);
        TokenRejectedException e = assertRejected(validator, typed("\"at+jwt\"", "\"scope\":\"game.read\""),
                RejectionReason.UNSUPPORTED_TOKEN_TYPE);
        assertThat(e.getMessage()).isEqualTo(
                "UNSUPPORTED_TOKEN_TYPE: typ at+jwt: access tokens are not accepted for this issuer");
        validator.close();
        build(true);
        assertThat(validator.validate(typed("\"at+jwt\"", "")).subject()).isEqualTo("user-42");
        assertThat(validator.validate(typed("\"application/at+jwt\"", "")).subject()).isEqualTo("user-42");
        assertThat(TrustedIssuer.builder("https://i.example").audiences("a").build().acceptsAccessTokens()).isFalse();
    }
}
