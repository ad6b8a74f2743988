package dev.warden.core;

import dev.warden.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that run a {@link FakeIssuer} and a validator per test: both are closed after each test,
 * and the validator's clock is a {@link SettableClock} at {@link TokenValidatorTest#NOW}.
 */
abstract class FakeIssuerTest {

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(TokenValidatorTest.NOW);
    TokenValidator validator;

    @AfterEach
    void stopIssuerAndValidator() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }
}
