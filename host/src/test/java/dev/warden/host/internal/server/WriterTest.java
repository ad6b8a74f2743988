package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Commit;
import dev.warden.host.server.TickModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's writer thread and the host's lock, with a commit log whose syncs the test completes. */
class WriterTest {

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
    final Warden<TickModule> warden = Warden.builder(PolicyEngine.builder().build().compile(TickModule.class),
            new TickModule()).validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer())
            .build()).build();
    final Database database = new Database(warden, Catalog.of(warden.module()));
    /** What the log answers the next commit with. */
    final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(CompletableFuture.completedFuture(null));
    final CountDownLatch appended = new CountDownLatch(1);

    WriterTest() {
        warden.database().attach((Commit c) -> {
            appended.countDown();
            return next.get();
        });
    }

    @AfterEach
    void stop() {
        next.get().complete(null);
        database.close();
        validator.close();
    }

    @Test
    void anErrorInOneMessageLeavesTheWriterServingTheNext() throws InterruptedException {
        database.submit(() -> {
            throw new AssertionError("a record constructor's assertion");
        });
        CountDownLatch ran = new CountDownLatch(1);
        database.submit(ran::countDown);
        assertThat(ran.await(30, TimeUnit.SECONDS)).as("the message after the failing one ran").isTrue();
    }
}
