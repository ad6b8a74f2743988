package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimTypeException;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import java.util.Objects;

/**
 * The few lines a host needs: token to caller (validation, identity, roles, connection rule, {@link OnConnect}),
 * then guarded calls. Thread-safe.
 *
 * <pre>{@code
 * Warden<ChatModule> warden = Warden.builder(engine.compile(ChatModule.class), new ChatModule())
 *     .validator(validator)
 *     .claims(mapper)
 *     .build();
 * CallerContext alice = warden.connect(token, ConnectionId.random());   // 401 / 403 as exceptions
 * warden.call(alice, "create_post", "hello");                           // AccessDeniedException if not allowed
 * }</pre>
 *
 * @param <M> the module class
 */
public final class Warden<M> {

    private final GuardedModule<M> module;
    private final M instance;
    private final TokenValidator validator;
    private final ClaimsMapper claims;
    private final Identity moduleIdentity;

    private Warden(Builder<M> b) {
        this.module = b.module;
        this.instance = b.instance;
        this.validator = b.validator;
        this.claims = b.claims;
        this.moduleIdentity = b.moduleIdentity;
    }

    /**
     * @param module the compiled module
     * @param instance the module instance entry points run on
     * @param <M> the module class
     * @return a builder
     */
    public static <M> Builder<M> builder(GuardedModule<M> module, M instance) {
        return new Builder<>(module, instance);
    }

    /** @return the guarded module */
    public GuardedModule<M> module() {
        return module;
    }

    /** @return the module instance */
    public M instance() {
        return instance;
    }

    /**
     * Authenticates a new connection.
     *
     * @param token the bearer token
     * @param connectionId the connection
     * @return the caller
     * @throws TokenRejectedException if the token is not valid (a host answers 400 for MALFORMED, else 401)
     * @throws AccessDeniedException if the connection rule or unreadable role claims refuse it (403)
     * @throws EntryPointFailedException if the module's {@link OnConnect} hook rejected it (403)
     */
    public CallerContext connect(String token, ConnectionId connectionId) {
        Objects.requireNonNull(connectionId, "connectionId");
        CallerContext caller;
        try {
            caller = claims.toCaller(validator.validate(token), connectionId);
        } catch (ClaimTypeException e) {
            throw new AccessDeniedException(new Decision(false, "<connect>", "role mapping",
                    "the token's role claims cannot be read: " + e.getMessage()));
        }
        Decision d = module.connect(caller);
        if (!d.allowed()) {
            throw new AccessDeniedException(d);
        }
        module.lifecycle(EntryPointKind.ON_CONNECT).ifPresent(n -> module.runInternal(instance, n, caller));
        return caller;
    }

    /**
     * Ends a connection, running the module's {@link OnDisconnect} hook; its failure is returned, not thrown,
     * since a disconnect cannot be refused.
     *
     * @param caller the connection's caller
     * @return what the hook threw, or null
     */
    public RuntimeException disconnect(CallerContext caller) {
        try {
            module.lifecycle(EntryPointKind.ON_DISCONNECT).ifPresent(n -> module.runInternal(instance, n, caller));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Accepts a refreshed token on a connection only for the same identity.
     *
     * @param current the connection's caller
     * @param token the refreshed token
     * @return the updated caller
     * @throws TokenRejectedException if the token is not valid
     * @throws dev.warden.claims.ReauthenticationException if it belongs to someone else
     */
    public CallerContext reauthenticate(CallerContext current, String token) {
        return claims.reauthenticate(current, validator.validate(token));
    }

    /**
     * A client call.
     *
     * @param caller the caller
     * @param entryPoint the reducer, view or procedure
     * @param args its arguments
     * @return its result (a filtered list for views)
     * @see GuardedModule#invoke
     */
    public Object call(CallerContext caller, String entryPoint, Object... args) {
        return module.invoke(instance, entryPoint, caller, args);
    }

    /**
     * Runs a scheduled reducer (or {@code init}) as the module itself.
     *
     * @param entryPoint the scheduled entry point
     * @param args its arguments
     * @return its result
     */
    public Object runScheduled(String entryPoint, Object... args) {
        return module.runInternal(instance, entryPoint, CallerContext.internal(moduleIdentity), args);
    }

    /** Configures a {@link Warden}. */
    public static final class Builder<M> {
        private final GuardedModule<M> module;
        private final M instance;
        private TokenValidator validator;
        private ClaimsMapper claims = ClaimsMapper.builder().build();
        private Identity moduleIdentity;

        private Builder(GuardedModule<M> module, M instance) {
            this.module = Objects.requireNonNull(module, "module");
            this.instance = instance;
            this.moduleIdentity = Identity.fromClaims("warden-module", module.moduleClass().getName());
        }

        /**
         * @param validator validates connection tokens (required)
         * @return this builder
         */
        public Builder<M> validator(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @param claims maps tokens to callers (default: no roles, anonymous issuer not set)
         * @return this builder
         */
        public Builder<M> claims(ClaimsMapper claims) {
            this.claims = Objects.requireNonNull(claims, "claims");
            return this;
        }

        /**
         * @param identity the sender of scheduled calls (default derived from the module class name)
         * @return this builder
         */
        public Builder<M> moduleIdentity(Identity identity) {
            this.moduleIdentity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** @return the facade */
        public Warden<M> build() {
            if (validator == null) {
                throw new IllegalStateException("a Warden needs validator(...)");
            }
            return new Warden<>(this);
        }
    }
}
