package dev.warden.policy;

import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.internal.RowFilters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compiles annotated module classes into {@link GuardedModule}s: annotations are read once, here, into guard
 * objects; calls then do no reflection. Immutable and thread-safe; configure with {@link #builder()}.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.builder()
 *     .roleHierarchy(RoleHierarchy.of("admin > moderator > user"))
 *     .policy("isAuthor", (caller, call) -> posts.authorOf(call.arg(0, Long.class)).equals(caller.sender()))
 *     .build();
 * GuardedModule<ChatModule> chat = engine.compile(ChatModule.class);   // fails on any unguarded entry point
 * }</pre>
 */
public final class PolicyEngine {

    final Map<String, RegisteredPolicy> policies;
    final Map<String, RowFilters.Registered> rowPolicies;
    final RoleHierarchy hierarchy;
    final Set<String> catalogue;
    final Identity owner;
    final List<KindResolver> kindResolvers;
    final DecisionListener listener;
    final ConnectionRuleSpec connectionRule;
    final boolean strictClassRules;

    static final class ConnectionRuleSpec {
        final Set<CallerKind> kinds;
        final Set<String> issuers;
        final Set<String> audiences;

        ConnectionRuleSpec(Set<CallerKind> kinds, Set<String> issuers, Set<String> audiences) {
            this.kinds = kinds;
            this.issuers = issuers;
            this.audiences = audiences;
        }
    }

    private PolicyEngine(Builder b) {
        this.policies = Collections.unmodifiableMap(new LinkedHashMap<>(b.policies));
        this.rowPolicies = Collections.unmodifiableMap(new LinkedHashMap<>(b.rowPolicies));
        this.hierarchy = b.hierarchy;
        Set<String> roles = new java.util.TreeSet<>(b.roles);
        roles.addAll(b.hierarchy.roles());
        this.catalogue = Collections.unmodifiableSet(roles);
        this.owner = b.owner;
        this.kindResolvers = List.copyOf(b.kindResolvers);
        this.listener = b.listener;
        this.connectionRule = b.connectionRule;
        this.strictClassRules = b.strictClassRules;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param moduleClass the module
     * @param <M> its type
     * @return the guarded module
     * @throws PolicyCompilationException listing every problem: unguarded entry points, contradictions,
     *     unknown policies, empty role lists, misplaced annotations
     */
    public <M> GuardedModule<M> compile(Class<M> moduleClass) {
        Objects.requireNonNull(moduleClass, "moduleClass");
        GuardedModule<M> compiled = new ModuleCompiler<>(this, moduleClass).compile();
        // the catalogue's roles get a column in report() even when no rule names them
        return catalogue.isEmpty() ? compiled : new GuardedModule<>(compiled, catalogue);
    }

    /** Configures a {@link PolicyEngine}. */
    public static final class Builder {
        private final Map<String, RegisteredPolicy> policies = new LinkedHashMap<>();
        private final Map<String, RowFilters.Registered> rowPolicies = new LinkedHashMap<>();
        private RoleHierarchy hierarchy = RoleHierarchy.none();
        private final Set<String> roles = new java.util.LinkedHashSet<>();
        private Identity owner;
        private final List<KindResolver> kindResolvers = new ArrayList<>();
        private DecisionListener listener = DecisionListener.NONE;
        private ConnectionRuleSpec connectionRule;
        private boolean strictClassRules;

        private Builder() {}

        /**
         * Registers a policy for {@link dev.warden.policy.annotation.Policy @Policy(name)}.
         *
         * @param name its name
         * @param policy the rule
         * @return this builder
         */
        public Builder policy(String name, NamedPolicy policy) {
            return policy(name, List.of(), policy);
        }

        /**
         * Registers a policy for {@link dev.warden.policy.annotation.Policy @Policy(name)} that reads arguments
         * by name ({@link Invocation#arg(String, Class)}): {@code policy("isOfficer", List.of("guildId"),
         * (caller, call) -> officers.of(call.arg("guildId", Long.class)).contains(caller.sender()))}. Every
         * entry point under {@code @Policy(name)} must have a parameter of each name, and the module must be
         * compiled with {@code -parameters}; otherwise compiling the module fails, naming the entry point.
         *
         * @param name its name
         * @param arguments the names of the parameters it reads
         * @param policy the rule
         * @return this builder
         */
        public Builder policy(String name, List<String> arguments, NamedPolicy policy) {
            requireName(name);
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(policy, "policy");
            for (String a : arguments) {
                if (Objects.requireNonNull(a, "argument name").isBlank()) {
                    throw new IllegalArgumentException("policy '" + name + "' declares a blank argument name");
                }
            }
            if (policies.putIfAbsent(name, new RegisteredPolicy(name, policy, List.copyOf(arguments))) != null) {
                throw new IllegalArgumentException("policy '" + name + "' is already registered");
            }
            return this;
        }

        /**
         * Registers a row policy for {@link dev.warden.policy.annotation.VisibleRows @VisibleRows(policy = name)}.
         *
         * @param name its name
         * @param rowType the rows it judges; other rows are never shown
         * @param policy the rule
         * @param <T> the row type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <T> Builder rowPolicy(String name, Class<T> rowType, RowPolicy<? super T> policy) {
            Objects.requireNonNull(policy, "policy");
            RowPolicy<Object> p = (RowPolicy<Object>) policy;
            return registerRows(name, null, rowType, (caller, module, row) -> p.visible(caller, row));
        }

        /**
         * Registers a row policy that also sees the module instance, for
         * {@link dev.warden.policy.annotation.VisibleRows @VisibleRows(policy = name)} on views of modules of
         * {@code moduleType} (a view of another module naming it fails at startup):
         * {@code rowPolicy("sameGuild", GuildModule.class, Chat.class, (caller, guilds, row) ->
         * row.guildId() == guilds.guildOf(caller))}.
         *
         * @param name its name
         * @param moduleType the modules whose views it filters
         * @param rowType the rows it judges; other rows are never shown
         * @param policy the rule
         * @param <M> the module type
         * @param <T> the row type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <M, T> Builder rowPolicy(String name, Class<M> moduleType, Class<T> rowType,
                                        ModuleRowPolicy<? super M, ? super T> policy) {
            Objects.requireNonNull(moduleType, "moduleType");
            Objects.requireNonNull(policy, "policy");
            return registerRows(name, moduleType, rowType, (ModuleRowPolicy<Object, Object>) policy);
        }

        private Builder registerRows(String name, Class<?> moduleType, Class<?> rowType,
                                     ModuleRowPolicy<Object, Object> policy) {
            requireName(name);
            Objects.requireNonNull(rowType, "rowType");
            if (rowPolicies.putIfAbsent(name, new RowFilters.Registered(moduleType, rowType, policy)) != null) {
                throw new IllegalArgumentException("row policy '" + name + "' is already registered");
            }
            return this;
        }

        /**
         * Declares the module's role catalogue: a role rule naming any other role then fails at startup, with a
         * "did you mean" for near misses. The roles of the {@link #roleHierarchy} are declared too; with neither,
         * role names are not checked.
         *
         * @param names role names
         * @return this builder
         */
        public Builder roles(String... names) {
            for (String n : Objects.requireNonNull(names, "names")) {
                requireName(n);
                roles.add(n);
            }
            return this;
        }

        /**
         * @param hierarchy which roles imply which; its roles also declare the role catalogue ({@link #roles})
         * @return this builder
         */
        public Builder roleHierarchy(RoleHierarchy hierarchy) {
            this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
            return this;
        }

        /**
         * @param owner the module owner's identity, for {@link dev.warden.policy.annotation.OwnerOnly}
         * @return this builder
         */
        public Builder moduleOwner(Identity owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * @param resolver maps a host's own annotations to entry-point kinds
         * @return this builder
         */
        public Builder kindResolver(KindResolver resolver) {
            kindResolvers.add(Objects.requireNonNull(resolver, "resolver"));
            return this;
        }

        /**
         * @param listener sees every decision
         * @return this builder
         */
        public Builder listener(DecisionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The connection rule, in code; overrides a {@link dev.warden.policy.annotation.ConnectionRule} annotation on the module.
         *
         * @param kinds the caller kinds that may connect
         * @param issuers accepted issuers (empty: all trusted)
         * @param audiences audiences of which one is required (empty: no check)
         * @return this builder
         */
        public Builder connectionRule(Set<CallerKind> kinds, Set<String> issuers, Set<String> audiences) {
            Objects.requireNonNull(kinds, "kinds");
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("a connection rule needs at least one caller kind");
            }
            EnumSet<CallerKind> k = EnumSet.copyOf(kinds);
            k.remove(CallerKind.INTERNAL);
            this.connectionRule = new ConnectionRuleSpec(Collections.unmodifiableSet(k), Set.copyOf(issuers),
                    Set.copyOf(audiences));
            return this;
        }

        /**
         * What compiling does about a method whose own rule drops a requirement of its class rule. A method rule
         * replaces the class rule (Jakarta semantics): in a class under {@code @RequiresKind(USER)}, a method
         * under {@code @RequiresAnyRole("officer")} admits a SERVICE caller with that role. Compiling names each
         * method whose own rule leaves out a class-level kind ({@code @RequiresKind}), scope
         * ({@code @RequiresAnyScope}, {@code @RequiresAllScopes}), claim ({@code @RequiresClaim}, by claim name)
         * or issuer ({@code @RequiresIssuer}) requirement, unless the method's rule is {@code @Public},
         * {@code @DenyAll} or {@code @InternalOnly}, which say outright who may call. By default each is a WARN
         * of the {@code dev.warden.policy.PolicyEngine} logger and the module compiles with the Jakarta meaning;
         * strictly, each is a problem of the {@link PolicyCompilationException}.
         *
         * @param strict whether a dropped class-level requirement fails compiling (default false: a warning)
         * @return this builder
         */
        public Builder strictClassRules(boolean strict) {
            this.strictClassRules = strict;
            return this;
        }

        /** @return the engine */
        public PolicyEngine build() {
            return new PolicyEngine(this);
        }

        private static void requireName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a policy name must not be blank");
            }
        }
    }

    static Set<CallerKind> kinds(CallerKind... kinds) {
        EnumSet<CallerKind> set = EnumSet.noneOf(CallerKind.class);
        set.addAll(Arrays.asList(kinds));
        set.remove(CallerKind.INTERNAL);
        return Collections.unmodifiableSet(set);
    }
}
