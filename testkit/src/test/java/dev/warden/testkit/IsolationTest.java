package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerKind;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Each test gets its own issuer, validator and clock unless the class asks to share them. */
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationTest {

    static final AtomicReference<MockIssuer> FIRST = new AtomicReference<>();

    @Test
    @Order(1)
    void aRotationAndAnOutageInOneTest(MockIssuer issuer, TestCallers callers) {
        assertThat(callers.user("alice").kind()).isEqualTo(CallerKind.USER);
        issuer.rotateKeys(Duration.ZERO);
        issuer.outage(Outage.SERVER_ERROR);
        FIRST.set(issuer);
    }

    @Test
    @Order(2)
    void doNotLeakIntoTheNext(MockIssuer issuer, TestCallers callers) {
        assertThat(issuer).isNotSameAs(FIRST.get());
        assertThat(callers.user("alice").kind()).isEqualTo(CallerKind.USER);
    }

    @Test
    void aTestClockMovesTheIssuerTheValidatorAndTheHost(TestClock clock, MockIssuer issuer, TokenFactory tokens,
                                                        TestHost<PostsModule> host) {
        String token = tokens.user("alice").expiresIn(Duration.ofMinutes(10)).sign();
        assertThat(host.connect(token).kind()).isEqualTo(CallerKind.USER);
        clock.advance(Duration.ofMinutes(30));
        assertThatThrownBy(() -> host.connect(token)).isInstanceOf(TokenRejectedException.class)
                .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(RejectionReason.EXPIRED));
        assertThat(host.connect(tokens.user("alice").sign()).kind()).as("minted at the clock's time")
                .isEqualTo(CallerKind.USER);
        issuer.rotateKeys(Duration.ofMinutes(5));
        assertThat(issuer.publishedKeyIds()).hasSize(2);
        clock.advance(Duration.ofMinutes(6));
        assertThat(issuer.publishedKeyIds()).hasSize(1);
    }

    @Nested
    @WardenTest(shared = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class SharingIsExplicit {
        static final AtomicReference<MockIssuer> SHARED = new AtomicReference<>();

        @Test
        @Order(1)
        void first(MockIssuer issuer, TestClock clock) {
            SHARED.set(issuer);
            clock.advance(Duration.ofDays(1));
        }

        @Test
        @Order(2)
        void second(MockIssuer issuer, TestCallers callers) {
            assertThat(issuer).isSameAs(SHARED.get());
            assertThat(callers.user("alice").kind()).isEqualTo(CallerKind.USER);
        }
    }
}
