package dev.warden.interop.sdk;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.examples.ChatModule;
import dev.warden.host.HostServer;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The examples' chat module behind Warden's host, on a free loopback port, trusting a testkit mock issuer
 * (roles in its {@code roles} claim, SpacetimeAuth style) and the host's own issuer for anonymous identities.
 */
final class ChatHost implements AutoCloseable {

    static final String DATABASE = "chat";

    private final MockIssuer issuer;
    private final LocalIssuer local;
    private final Warden<ChatModule> warden;
    private final HostServer server;
    private final List<RejectionReason> rejections;

    private ChatHost(MockIssuer issuer, LocalIssuer local, Warden<ChatModule> warden, HostServer server,
                     List<RejectionReason> rejections) {
        this.issuer = issuer;
        this.local = local;
        this.warden = warden;
        this.server = server;
        this.rejections = rejections;
    }

    static ChatHost start() {
        MockIssuer issuer = MockIssuer.start();
        try {
            LocalIssuer local = LocalIssuer.builder().build();
            TrustedIssuer trusted = issuer.trust().build();
            List<RejectionReason> rejections = new CopyOnWriteArrayList<>();
            TokenValidator validator = TokenValidator.builder().trust(trusted).trust(local.trustedIssuer())
                    .listener(new ValidationListener() {
                        @Override
                        public void rejected(RejectionReason reason, String iss) {
                            rejections.add(reason);
                        }
                    })
                    .build();
            ClaimsMapper claims = ClaimsMapper.builder().roles(trusted.issuer(), MockIssuer.roleMapping())
                    .anonymousIssuer(local.issuer()).build();
            Warden<ChatModule> warden = Warden.builder(ChatModule.engine().compile(ChatModule.class),
                    new ChatModule()).validator(validator).claims(claims).build();
            HostServer server = HostServer.builder(warden, validator, local).database(DATABASE).port(0).start();
            return new ChatHost(issuer, local, warden, server, rejections);
        } catch (RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** @return the mock issuer whose tokens the host trusts */
    MockIssuer issuer() {
        return issuer;
    }

    /** @return the {@code iss} of the host's own (anonymous) tokens */
    String localIssuer() {
        return local.issuer();
    }

    /**
     * Bans a user of the mock issuer, as an admin calling {@code ban_user} through Warden.
     *
     * @param subject the user's {@code sub}
     */
    void ban(String subject) {
        CallerContext admin = warden.connect(issuer.tokens().user("root").roles("admin").sign(), ConnectionId.random());
        try {
            warden.call(admin, "ban_user", identityOf(subject).toHex());
        } finally {
            warden.disconnect(admin);
        }
    }

    /** @return the WebSocket URI the SDK is given, {@code ws://127.0.0.1:port} */
    String wsUri() {
        return "ws://127.0.0.1:" + server.port();
    }

    /**
     * @param subject a mock issuer user's {@code sub}
     * @return the identity SpacetimeDB derives for that user of the mock issuer
     */
    Identity identityOf(String subject) {
        return Identity.fromClaims(issuer.issuer(), subject);
    }

    /**
     * What Warden itself decides for a call, to compare with what the SDK reports.
     *
     * @param token the caller's token
     * @param entryPoint the entry point
     * @param args its arguments
     * @return Warden's reason
     */
    String reasonFor(String token, String entryPoint, Object... args) {
        CallerContext caller = warden.connect(token, ConnectionId.random());
        try {
            return warden.check(caller, entryPoint, args).reason();
        } finally {
            warden.disconnect(caller);
        }
    }

    /** @return every token rejection the host's validator reported, in order */
    List<RejectionReason> rejections() {
        return List.copyOf(rejections);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            issuer.close();
        }
    }
}
