package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.TokenValidator;
import org.junit.jupiter.api.Test;

/** What the testkit mints for a test is accepted by the validator the extension built, unless asked otherwise. */
@WardenTest
class MintedTokensTest {

    @Test
    void aServiceTokenFromTheFactoryIsAccepted(TokenFactory tokens, TestCallers callers) {
        CallerContext bot = callers.fromToken(tokens.service("stats-bot").roles("reader").sign());
        assertThat(bot.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(bot.roles().names()).containsExactly("reader");
    }

    @Test
    void everyTokenKindTheFactoryAndCallersMakeIsAccepted(TokenFactory tokens, TokenValidator validator,
                                                          TestCallers callers) {
        assertThat(validator.validate(tokens.user("alice").sign()).subject()).isEqualTo("alice");
        assertThat(validator.validate(tokens.service("stats-bot").sign()).audience()).contains("stats-bot");
        assertThat(validator.validate(tokens.service(MockIssuer.DEFAULT_CLIENT).sign()).audience())
                .containsExactly(MockIssuer.DEFAULT_CLIENT);
        assertThat(callers.service("stats-bot", "reader").kind()).isEqualTo(CallerKind.SERVICE);
    }
}
