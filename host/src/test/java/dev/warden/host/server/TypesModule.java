package dev.warden.host.server;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.Unsigned;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Procedures returning and taking every kind of SpacetimeDB type, for the JSON of the HTTP call route. */
@Public
public class TypesModule {

    /** An enum: a sum of unit variants. */
    public enum Color { RED, DARK_BLUE }

    /** A sealed interface: a sum of records. */
    public sealed interface Shape permits Circle, Square, Empty {}

    /** @param radius the radius */
    public record Circle(double radius) implements Shape {}

    /** @param side the side, unsigned */
    public record Square(@Unsigned int side) implements Shape {}

    /** A unit variant. */
    public record Empty() implements Shape {}

    /**
     * @param name its name
     * @param count an unsigned count
     */
    public record Item(String name, @Unsigned long count) {}

    /** A record of every kind of type. */
    public record Event(Instant at, Identity who, ConnectionId conn, BigInteger big, @Unsigned BigInteger ubig,
                        Color color, Shape shape, Optional<String> note, List<Item> items, Item main, byte[] blob,
                        Duration took) {}

    /** The event {@link #sample()} returns. */
    static final Event SAMPLE = new Event(Instant.ofEpochSecond(1_750_000_000L, 123_456_000L),
            Identity.fromClaims("https://issuer.example", "alice"), ConnectionId.of(1, 2),
            BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(128).subtract(BigInteger.ONE), Color.DARK_BLUE,
            new Square(7), Optional.of("hi"), List.of(new Item("a", -1L), new Item("b", 2)), new Item("m", 0),
            new byte[] {1, (byte) 0xab}, Duration.ofMillis(1500));

    volatile Object last;

    @Procedure("sample")
    public Event sample() {
        return SAMPLE;
    }

    @Procedure("echo")
    public Event echo(Event e) {
        return e;
    }

    @Procedure("shapes")
    public List<Shape> shapes(Shape a, Shape b, Color c) {
        return List.of(a, b, new Empty());
    }

    @Procedure("maybe")
    public Optional<Item> maybe(boolean some) {
        return some ? Optional.of(new Item("x", 1)) : Optional.empty();
    }

    @Procedure("max_unsigned")
    public @Unsigned long maxUnsigned() {
        return -1L;
    }

    @Procedure("nothing")
    public void nothing() {
        last = "nothing";
    }

    @Procedure("missing")
    public Item missing() {
        return null;
    }

    @Procedure("stats")
    public Map<String, Integer> stats() {
        return Map.of("posts", 3);
    }

    @Reducer
    public void remember(Identity who, Optional<Instant> when) {
        last = List.of(who, when);
    }
}
