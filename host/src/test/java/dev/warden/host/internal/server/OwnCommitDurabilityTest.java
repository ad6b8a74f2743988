package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Commit;
import dev.warden.host.server.InterleavedModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP caller (outside the host's lock) waits for its own commits' durability, not the database's last commit:
 * a later commit's failure is not reported to a caller whose own commit was stored (its retry would apply twice).
 */
class OwnCommitDurabilityTest {

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
    final Warden<InterleavedModule> warden = Warden.builder(PolicyEngine.builder().build()
            .compile(InterleavedModule.class), new InterleavedModule()).validator(validator)
            .claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
    final Database database = new Database(warden, Catalog.of(warden.module()));

    @AfterEach
    void stop() {
        InterleavedModule.between = () -> { };
        database.close();
        validator.close();
    }

    @Test
    void aLaterCommitsFailureIsNotTheCallersWhenItsOwnCommitWasStored() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        warden.database().attach((Commit c) -> commits.incrementAndGet() == 1 ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException("commit 2 could not be stored")));
        CallerContext caller = database.connect(local.mintAnonymous().token(), ConnectionId.random(), null);
        var db = warden.database();
        InterleavedModule.between = () -> {   // another thread commits after the caller's commit, before it returns
            Thread other = new Thread(() -> {
                try {
                    db.write(() -> db.db().table(InterleavedModule.Entry.class)
                            .insert(new InterleavedModule.Entry(0, "theirs")));
                } catch (IllegalStateException expected) {
                    // the other writer hears its own failure
                }
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        Database.Outcome outcome = database.call(caller, database.catalog().callable("commit_then_wait").orElseThrow(),
                new Object[0], null);
        // the caller hears success (no exception, a void procedure's null result) and its own row is there
        assertThat(outcome.result()).isNull();
        assertThat(commits.get()).isEqualTo(2);
        assertThat(db.read(() -> db.db().table(InterleavedModule.Entry.class).all()))
                .extracting(InterleavedModule.Entry::text).contains("mine");
    }
}
