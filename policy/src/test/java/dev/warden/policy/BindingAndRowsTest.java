package dev.warden.policy;

import dev.warden.policy.host.Warden;
import dev.warden.policy.annotation.InternalOnly;
import dev.warden.policy.annotation.OnDisconnect;
import dev.warden.policy.annotation.OwnerOnly;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllScopes;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.RequiresIssuer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Argument binding for every parameter type, every shape of view result, and the small API surface. */
class BindingAndRowsTest {

    static class Owned {
        private final Identity owner;

        Owned(Identity owner) {
            this.owner = owner;
        }
    }

    public static class Bean {
        private final Identity owner;

        public Bean(Identity owner) {
            this.owner = owner;
        }

        public Identity getOwner() {
            return owner;
        }
    }

    @Public
    static class Kitchen {
        static Identity visible;

        @Reducer
        public String all(int i, short s, byte b, long l, double d, float f, boolean z, char c, Integer boxed, String t) {
            return i + "," + s + "," + b + "," + l + "," + d + "," + f + "," + z + "," + c + "," + boxed + "," + t;
        }

        @View
        @VisibleRows(owner = "owner")
        public Owned[] array() {
            return new Owned[] {new Owned(visible), new Owned(Identity.fromClaims("x", "y")), null};
        }

        @View
        @VisibleRows(owner = "owner")
        public List<Bean> beans() {
            return List.of(new Bean(visible), new Bean(Identity.fromClaims("x", "y")));
        }

        @View
        public Stream<String> stream() {
            return Stream.of("a", "b");
        }

        @View
        public int[] numbers() {
            return new int[] {1, 2};
        }

        @View
        public String single() {
            return "one";
        }

        @View
        public List<String> nothing() {
            return null;
        }

        @Reducer
        @Policy("inspect")
        public void inspected(long id, String text) {}

        @Reducer
        @RequiresAllScopes("write")
        @OwnerOnly
        public void scoped() {}

        @Reducer
        @InternalOnly
        public void inside() {}

        @Reducer
        @RequiresIssuer("https://other.test")
        @RequiresClaim(name = "tenant", values = "t")
        public void claimed() {}

        @OnDisconnect
        public void bye(CallerContext c) {
            throw new IllegalStateException("disconnect hook failed");
        }
    }

    static final Object[] SEEN = new Object[4];

    static GuardedModule<Kitchen> compile() {
        return PolicyEngine.builder().moduleOwner(Identity.fromClaims("o", "o"))
                .policy("inspect", (caller, call) -> {
                    SEEN[0] = call.entryPoint();
                    SEEN[1] = call.module();
                    SEEN[2] = call.size();
                    SEEN[3] = call.args();
                    return call.arg(1, String.class).equals("ok");
                })
                .connectionRule(Set.of(CallerKind.USER, CallerKind.INTERNAL), Set.of(), Set.of("other-audience"))
                .build().compile(Kitchen.class);
    }

    final GuardedModule<Kitchen> m = compile();
    final Kitchen k = new Kitchen();
    final CallerContext alice = Callers.user("alice");

    @Test
    void everyParameterTypeIsBoundWithExactConversions() {
        Object r = m.invoke(k, "all", alice, 1L, 2L, 3L, 4L, 5L, 6.5, true, 'c', 7L, "t");
        assertThat(r).isEqualTo("1,2,3,4,5.0,6.5,true,c,7,t");
        assertThat(m.invoke(k, "all", alice, BigInteger.valueOf(1), (short) 2, (byte) 3, 4, 5.5f, 6L, false, 'd', 8,
                null)).isEqualTo("1,2,3,4,5.5,6.0,false,d,8,null");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L << 40, 2L, 3L, 4L, 5L, 6.5, true, 'c', 7L, "t"))
                .hasMessage("all argument 0 is out of range for int");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L, 40_000L, 3L, 4L, 5L, 6.5, true, 'c', 7L, "t"))
                .hasMessage("all argument 1 is out of range for short");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L, 2L, 300L, 4L, 5L, 6.5, true, 'c', 7L, "t"))
                .hasMessage("all argument 2 is out of range for byte");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L, 2L, 3L, BigInteger.TWO.pow(70), 5L, 6.5, true, 'c', 7L,
                "t")).hasMessage("all argument 3 is out of range for long");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L, 2L, 3L, 4L, 5L, 6.5, "yes", 'c', 7L, "t"))
                .hasMessage("all argument 6 must be a boolean, got a String");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1L, 2L, 3L, 4L, 5L, 6.5, true, "c", 7L, "t"))
                .hasMessage("all argument 7 must be a char, got a String");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, 1.5, 2L, 3L, 4L, 5L, 6.5, true, 'c', 7L, "t"))
                .hasMessage("all argument 0 must be an int, got a Double");
        assertThatThrownBy(() -> m.invoke(k, "all", alice, (Object[]) null)).hasMessage("all takes 10 argument(s), got 0");
    }

    @Test
    void viewsOfEveryShape() {
        Kitchen.visible = alice.sender();
        assertThat((List<?>) m.invoke(k, "array", alice)).hasSize(1);
        assertThat((List<?>) m.invoke(k, "beans", alice)).extracting(b -> ((Bean) b).getOwner())
                .containsExactly(alice.sender());
        assertThat((List<?>) m.invoke(k, "beans", Callers.user("bob"))).isEmpty();
        assertThat(m.invoke(k, "stream", alice)).isEqualTo(List.of("a", "b"));
        assertThat(m.invoke(k, "numbers", alice)).isEqualTo(List.of(1, 2));
        assertThat(m.invoke(k, "single", alice)).isEqualTo(List.of("one"));
        assertThat(m.invoke(k, "nothing", alice)).isEqualTo(List.of());
        assertThat(m.entryPoint("array").orElseThrow().rowFilter()).contains("@VisibleRows(owner = owner)");
        assertThat(m.entryPoint("single").orElseThrow().rowFilter()).isEmpty();
    }

    @Test
    void policiesSeeTheInvocation() {
        m.invoke(k, "inspected", alice, 5L, "ok");
        assertThat(SEEN[0]).isEqualTo("inspected");
        assertThat(SEEN[1]).isSameAs(k);
        assertThat(SEEN[2]).isEqualTo(2);
        assertThat(SEEN[3]).isEqualTo(List.of(5L, "ok"));
        assertThat(m.check(k, "inspected", alice, 5L, "no").reason()).contains("policy 'inspect' denied");
    }

    @Test
    void guardsWithoutATokenSayWhy() {
        CallerContext internal = CallerContext.internal(Identity.fromClaims("m", "m"));
        assertThat(m.check(k, "claimed", internal).reason()).contains("has no token");
        assertThat(m.check(k, "claimed", Callers.of(Callers.OTHER_ISSUER, "x", Map.of())).reason())
                .contains("requires claim tenant in [t]").contains("has no such claim");
        assertThat(m.check(k, "scoped", alice).reason()).contains("requires scopes [write]");
        assertThat(m.check(k, "inside", internal).allowed()).isTrue();
    }

    @Test
    void programmaticConnectionRuleChecksAudiences() {
        assertThat(m.checkConnection(alice).reason()).isEqualTo("the token's audience may not connect");
        assertThat(m.checkConnection(Callers.anonymous()).reason()).startsWith("ANONYMOUS callers may not connect");
        assertThat(m.checkConnection(alice).rule()).isEqualTo("connection rule: kinds [USER], audiences [other-audience]");
    }

    @Test
    void reportCellsForStaticRules() {
        String report = m.report();
        assertThat(report).contains("| `inside` | deny | deny |").contains("| `scoped` | deny | depends |")
                .contains("| `claimed` | depends | depends |").contains("| `bye` | on_disconnect | internal");
    }

    @Test
    void smallSurface() {
        Decision d = m.check(k, "single", alice);
        assertThat(d.toString()).isEqualTo("ALLOW single: allowed by @Public");
        assertThat(m.check(k, "inspected", alice, 1L, "no").toString()).startsWith("DENY inspected: ");
        EntryPoint ep = m.entryPoint("single").orElseThrow();
        assertThat(ep.method().getName()).isEqualTo("single");
        assertThat(ep.toString()).isEqualTo("VIEW single [@Public]");
        assertThat(m.toString()).isEqualTo("GuardedModule{Kitchen, 12 entry points}");
        NoSuchEntryPointException e = new NoSuchEntryPointException("drop table;" + "x".repeat(100));
        assertThat(e.name()).startsWith("drop table;");
        assertThat(e.getMessage()).isEqualTo("no such entry point: drop?table?" + "x".repeat(53) + "...");
        assertThat(new NoSuchEntryPointException(null).getMessage()).isEqualTo("no such entry point: null");
        assertThatThrownBy(() -> m.check(k, "single", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("caller");
    }

    @Test
    void facadeAccessorsAndAFailingDisconnect() {
        Warden<Kitchen> w = Warden.builder(m, k).validator(Callers.VALIDATOR).claims(Callers.MAPPER)
                .moduleIdentity(Identity.fromClaims("mod", "kitchen")).build();
        assertThat(w.module()).isSameAs(m);
        assertThat(w.instance()).isSameAs(k);
        assertThat(w.disconnect(alice)).hasMessageContaining("disconnect hook failed");
        assertThatThrownBy(() -> w.runScheduled("bye")).as("a lifecycle hook is not a scheduled entry point either")
                .isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> w.runScheduled("inside")).as("a reducer is not a scheduled entry point")
                .isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> Warden.builder(m, k).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("validator");
        assertThatThrownBy(() -> Warden.builder(m, k).withoutTokenValidation().build().connect("a.b.c",
                ConnectionId.of(1, 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withoutTokenValidation");
        assertThat(alice.connectionId()).isPresent();
        assertThat(alice.withConnection(ConnectionId.of(9, 9)).connectionId()).contains(ConnectionId.of(9, 9));
    }
}
