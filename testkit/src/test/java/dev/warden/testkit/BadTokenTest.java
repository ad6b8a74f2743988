package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every bad token of the catalogue is rejected by the real validator with its expected reason. */
class BadTokenTest {

    static final MockIssuer IDP = MockIssuer.start();
    static final TokenValidator VALIDATOR = TokenValidator.builder().trust(IDP.trust().build()).build();

    @AfterAll
    static void stop() {
        VALIDATOR.close();
        IDP.close();
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void rejectedWithTheExpectedReason(BadToken kind) {
        String token = IDP.tokens().bad(kind);
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> VALIDATOR.validate(token));
        assertThat(e).as(kind + " must be rejected").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(kind.expectedReason());
    }

    @Test
    void theGoodTokenTheyDeriveFromIsAccepted() {
        assertThat(VALIDATOR.validate(IDP.tokens().user("alice").sign()).subject()).isEqualTo("alice");
        assertThat(VALIDATOR.validate(IDP.tokens().service(MockIssuer.DEFAULT_CLIENT).sign()).subject())
                .isEqualTo(MockIssuer.DEFAULT_CLIENT);
    }
}
