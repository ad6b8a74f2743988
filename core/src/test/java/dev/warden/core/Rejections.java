package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Asserts a rejection's exact reason, and that nothing about it leaks the token. */
final class Rejections {
    private Rejections() {}

    static TokenRejectedException assertRejected(TokenValidator v, String token, RejectionReason reason) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> v.validate(token));
        assertThat(e).as("token should be rejected with " + reason).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertNoLeak(e, token);
        return e;
    }

    static void assertNoLeak(Throwable e, String token) {
        if (token == null || token.length() < 16) {
            return;
        }
        String message = String.valueOf(e.getMessage());
        assertThat(message).doesNotContain(token);
        int lastDot = token.lastIndexOf('.');
        if (lastDot > 0 && token.length() - lastDot > 12) {
            assertThat(message).doesNotContain(token.substring(lastDot + 1));
        }
        int firstDot = token.indexOf('.');
        if (firstDot > 12) {
            assertThat(message).doesNotContain(token.substring(0, firstDot));
        }
    }
}
