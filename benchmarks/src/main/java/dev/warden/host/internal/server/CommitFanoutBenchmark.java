package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.host.Warden;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One commit's cost through the host with many subscribers to one table, of whom a few see the changed row: a
 * reducer updates one row of an owner-ruled table ({@code @VisibleRows(owner = "recipient")}), and the host finds
 * and sends the change (to subscribers that count it). {@code subscribers} connections each subscribe
 * {@code SELECT * FROM letter}; {@code seeing} of them are connections of the row's owner. The cost should follow
 * {@code seeing}, not {@code subscribers}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CommitFanoutBenchmark {

    /** A module with one owner-ruled table. */
    @Public
    public static class Mail {
        /** A letter, seen by its recipient only. */
        @Table(name = "letter", access = Access.PUBLIC)
        @VisibleRows(owner = "recipient")
        public record Letter(@PrimaryKey long id, Identity recipient, String text) {}

        @Reducer("write")
        public void write(ReducerContext ctx, long id, Identity to, String text) {
            var letters = ctx.db().table(Letter.class);
            if (letters.unique(Letter::id).find(id).isPresent()) {
                letters.unique(Letter::id).update(new Letter(id, to, text));
            } else {
                letters.insert(new Letter(id, to, text));
            }
        }
    }

    /** A subscriber that counts what it is sent. */
    static final class Counting extends Client {
        final CallerContext caller;
        long messages;

        Counting(CallerContext caller) {
            this.caller = caller;
        }

        @Override
        CallerContext caller() {
            return caller;
        }

        @Override
        void transmit(ServerMessage message) {
            messages++;
        }

        @Override
        void abandon(String why) {
            throw new IllegalStateException(why);
        }
    }

    @Param({"10", "100", "1000", "10000"})
    public int subscribers;

    @Param({"10", "1000"})
    public int seeing;

    Database database;
    Catalog.Callable write;
    CallerContext writer;
    Identity owner;
    List<Counting> clients = new ArrayList<>();
    long n;

    @Setup(Level.Trial)
    public void setup() {
        seeing = Math.min(seeing, subscribers);
        Warden<Mail> warden = Warden.builder(PolicyEngine.builder().build().compile(Mail.class), new Mail())
                .withoutTokenValidation().build();
        Catalog catalog = Catalog.of(warden.module());
        database = new Database(warden, catalog, Long.MAX_VALUE);
        write = catalog.callable("write").orElseThrow();
        writer = CallerContext.internal(Identity.fromClaims("https://issuer", "writer"));
        owner = Identity.fromClaims("https://issuer", "owner");
        database.call(writer, write, new Object[] {1L, owner, "first"}, null);
        for (int i = 0; i < subscribers; i++) {
            Identity who = i < seeing ? owner : Identity.fromClaims("https://issuer", "user-" + i);
            Counting c = new Counting(CallerContext.internal(who));
            clients.add(c);
            database.attach(c);
            database.subscribe(c, new QuerySetId(1), List.of("SELECT * FROM letter"));
        }
    }

    /** Fails the run if the change reached anyone but the row's owner, or not all of its connections. */
    @TearDown(Level.Trial)
    public void check() {
        for (int i = 0; i < clients.size(); i++) {
            long got = clients.get(i).messages;
            if (i < seeing ? got == 0 : got != 0) {
                throw new IllegalStateException("subscriber " + i + " (" + (i < seeing ? "sees" : "does not see")
                        + " the row) was sent " + got + " messages");
            }
        }
    }

    @Benchmark
    public Object commit() {
        return database.call(writer, write, new Object[] {1L, owner, "text " + (n++ & 1023)}, null);
    }
}
