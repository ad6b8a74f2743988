package dev.warden.benchmarks.keynote;

import dev.warden.claims.CallerKind;
import dev.warden.host.Unsigned;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;

/**
 * The keynote benchmark's ceiling: a {@code transfer(from, to, amount)} with the keynote module's signature and
 * access ({@code u32}, {@code u32}, {@code i64}, callable by anyone) whose body only returns. Served by the same host
 * and driven by the same client as the keynote port, it measures everything but the transfer itself: the WebSocket,
 * BSATN, dispatch, the guard and an empty transaction.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class NoopKeynote {

    /**
     * Does nothing.
     *
     * @param from ignored
     * @param to ignored
     * @param amount ignored
     */
    @Reducer("transfer")
    @Public
    public void transfer(@Unsigned int from, @Unsigned int to, long amount) {
        // the ceiling: no work at all
    }
}
