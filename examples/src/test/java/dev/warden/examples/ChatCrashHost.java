package dev.warden.examples;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@link DisconnectAfterCrashTest}'s child: serves {@link QuickstartChat} as database {@code chat} with its tables in
 * the data directory given as the first argument, prints {@code READY <port>} and serves until it is killed.
 */
public final class ChatCrashHost {

    private ChatCrashHost() {}

    /**
     * @param args the data directory
     * @throws InterruptedException never: it serves until killed
     */
    public static void main(String[] args) throws InterruptedException {
        HostServer host = start(Path.of(args[0]), w -> { });
        System.out.println("READY " + host.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * @param data the data directory
     * @param built told of the Warden before the host starts
     * @return the chat host, its tables in {@code data}
     */
    static HostServer start(Path data, Consumer<Warden<QuickstartChat>> built) {
        LocalIssuer local = LocalIssuer.builder().keyFiles(data.resolve("id_ecdsa"), data.resolve("id_ecdsa.pub"))
                .build();
        TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
        Warden<QuickstartChat> warden = Warden.builder(PolicyEngine.builder().build().compile(QuickstartChat.class),
                new QuickstartChat()).validator(validator)
                .claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        built.accept(warden);
        return HostServer.builder(warden, validator, local).database("chat").port(0).data(data).start();
    }
}
