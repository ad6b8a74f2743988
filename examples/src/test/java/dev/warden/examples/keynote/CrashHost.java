package dev.warden.examples.keynote;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.nio.file.Path;

/**
 * The crash test's child: serves {@link Keynote} as database {@code bank} with its tables in the data directory given
 * as the first argument, prints {@code READY <port>} and serves until it is killed.
 */
public final class CrashHost {

    private CrashHost() {}

    /**
     * @param args the data directory
     * @throws InterruptedException never: it serves until killed
     */
    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        LocalIssuer local = LocalIssuer.builder().keyFiles(data.resolve("id_ecdsa"), data.resolve("id_ecdsa.pub"))
                .build();
        TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
        Warden<Keynote> warden = Warden.builder(PolicyEngine.builder().build().compile(Keynote.class), new Keynote())
                .validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        HostServer host = HostServer.builder(warden, validator, local).database("bank").port(0).data(data).start();
        System.out.println("READY " + host.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
