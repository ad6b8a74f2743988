package dev.warden.examples;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.examples.bank.MoneyExchange;
import dev.warden.examples.keynote.Keynote;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Serves one of the Java ports of SpacetimeDB's templates on a Warden host, where the template's own client looks
 * for it ({@code ws://localhost:3000}, under the template's database name), with anonymous identities from
 * {@code POST /v1/identity} as SpacetimeDB's standalone server gives them:
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl examples -am
 * java -cp "examples/target/classes:$(cat examples/target/demo-classpath.txt)" dev.warden.examples.PortServer quickstart-chat
 * </pre>
 * Options after the template's name: {@code --port N} (3000), {@code --database NAME} (the template's),
 * {@code --data DIR} (keep the tables, durably, and the issuer's key pair, so anonymous identities and their rows
 * survive a restart; without it both live in memory only).
 *
 * <table>
 *   <caption>the templates served</caption>
 *   <tr><th>name</th><th>port of</th><th>database</th></tr>
 *   <tr><td>quickstart-chat</td><td>templates/chat-react-ts</td><td>quickstart-chat</td></tr>
 *   <tr><td>money-exchange</td><td>templates/money-exchange-react-ts</td><td>money-exchange-react-ts</td></tr>
 *   <tr><td>keynote</td><td>templates/keynote-2</td><td>test-1</td></tr>
 * </table>
 */
public final class PortServer {

    private PortServer() {
    }

    /** How a port's Warden is made, trusting the given validator and claims. */
    private interface Factory {
        Warden<?> make(TokenValidator validator, ClaimsMapper claims);
    }

    /** A port, its default database name and how to make it. */
    private record Port(String database, Factory warden) {
    }

    private static <M> Factory of(Class<M> module, Supplier<M> instance) {
        return (validator, claims) -> Warden.builder(PolicyEngine.builder().build().compile(module), instance.get())
                .validator(validator).claims(claims).build();
    }

    private static final Map<String, Port> PORTS = Map.of(
            "quickstart-chat", new Port("quickstart-chat", of(QuickstartChat.class, QuickstartChat::new)),
            "money-exchange", new Port("money-exchange-react-ts", of(MoneyExchange.class, MoneyExchange::new)),
            "keynote", new Port("test-1", of(Keynote.class, Keynote::new)));

    /**
     * Serves a port until the process ends; a bad option or a taken port is one line on standard error and exit
     * status 2.
     *
     * @param args the template's name, then options
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        try {
            start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("port-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        new CountDownLatch(1).await();
    }

    /**
     * Starts the host.
     *
     * @param args the template's name, then options
     * @param out where the address is printed
     * @return the running host
     * @throws IllegalArgumentException for an unknown template, a bad option or a port that cannot be listened on
     */
    static HostServer start(String[] args, PrintStream out) {
        if (args.length == 0 || !PORTS.containsKey(args[0])) {
            throw new IllegalArgumentException("name a template first: one of " + List.copyOf(
                    new java.util.TreeSet<>(PORTS.keySet())));
        }
        Port port = PORTS.get(args[0]);
        Map<String, String> opts = Demo.options(java.util.Arrays.copyOfRange(args, 1, args.length));
        for (String key : opts.keySet()) {
            if (!key.equals("port") && !key.equals("database") && !key.equals("data")) {
                throw new IllegalArgumentException("unknown option --" + key
                        + " (--port N, --database NAME, --data DIR)");
            }
        }
        int number;
        try {
            number = Integer.parseInt(opts.getOrDefault("port", "3000"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, not '" + opts.get("port") + "'");
        }
        String database = opts.getOrDefault("database", port.database());
        java.nio.file.Path data = opts.containsKey("data") ? java.nio.file.Path.of(opts.get("data")).toAbsolutePath()
                : null;
        LocalIssuer.Builder issuer = LocalIssuer.builder();
        if (data != null) {
            try {
                Demo.ownersOnly(data);
                Demo.ownersOnly(data.resolve("keys"));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the data directory " + data + " cannot be used: " + e.getMessage(),
                        e);
            }
            issuer.keyFiles(data.resolve("keys/id_ecdsa"), data.resolve("keys/id_ecdsa.pub"));
        }
        LocalIssuer local = issuer.build();
        TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
        Warden<?> warden = port.warden().make(validator,
                ClaimsMapper.builder().anonymousIssuer(local.issuer()).build());
        HostServer host;
        try {
            HostServer.Builder builder = HostServer.builder(warden, validator, local).database(database).port(number);
            host = (data == null ? builder : builder.data(data)).start();
        } catch (RuntimeException e) {
            validator.close();
            throw new IllegalArgumentException("cannot start on 127.0.0.1:" + number + ": " + e.getMessage()
                    + (data == null ? " (choose another port with --port N)"
                    : " (choose another port with --port N, another data directory with --data DIR)"), e);
        }
        out.println("Warden host serving the " + args[0] + " port as database '" + database + "' on "
                + host.uri().toString().replaceFirst("^http", "ws")
                + (data == null ? "" : ", its tables and keys kept in " + data));
        return host;
    }
}
