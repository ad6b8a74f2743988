package dev.warden.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One call of an entry point, as a named {@link dev.warden.policy.annotation.Policy} sees it: the entry point, the module instance and
 * the arguments (without the injected caller context), by position or, when the module was compiled with
 * {@code -parameters}, by parameter name. Immutable view; the arguments are not copied.
 */
public final class Invocation {

    private final String entryPoint;
    private final Object module;
    private final Object[] args;
    private final String[] names;
    private final String method;

    Invocation(String entryPoint, Object module, Object[] args, String[] names, String method) {
        this.entryPoint = entryPoint;
        this.module = module;
        this.args = args;
        this.names = names;
        this.method = method;
    }

    /** @return the entry point's name */
    public String entryPoint() {
        return entryPoint;
    }

    /** @return the module instance the call runs on (null for static entry points called without one) */
    public Object module() {
        return module;
    }

    /** @return the number of arguments */
    public int size() {
        return sizeOf();
    }

    /**
     * The module's tables, for a rule that decides by the module's state (a rule only reads them) ({@code is the caller an
     * officer of this guild?}): the same transaction the call runs in.
     *
     * @return the database
     * @throws IllegalStateException outside a call or check made through {@code Warden} (or {@code TestHost})
     */
    public dev.warden.db.Db db() {
        return dev.warden.policy.internal.CallScope.db(entryPoint);
    }

    private int sizeOf() {
        return args.length;
    }

    /**
     * @param index argument position, from 0
     * @param type the expected type
     * @param <T> the type
     * @return the argument
     * @throws IllegalArgumentException if the position or type is wrong
     */
    public <T> T arg(int index, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (index < 0 || index >= args.length) {
            throw new IllegalArgumentException(entryPoint + " has " + args.length + " arguments, no index " + index);
        }
        return typed(index, String.valueOf(index), type);
    }

    /**
     * An argument by its parameter's name: {@code call.arg("guildId", Long.class)}. Register the policy with
     * the names it reads ({@link PolicyEngine.Builder#policy(String, java.util.List, NamedPolicy)}) to have
     * every entry point using it checked for them at startup.
     *
     * @param name the parameter's name in the entry point's source
     * @param type the expected type
     * @param <T> the type
     * @return the argument
     * @throws IllegalStateException if the module was compiled without {@code -parameters}, so that its class
     *     file has no parameter names
     * @throws IllegalArgumentException if the entry point has no parameter of that name, or the type is wrong
     */
    public <T> T arg(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (names == null) {
            throw new IllegalStateException(entryPoint + ": the parameter names of " + method + " are not in its class "
                    + "file: compile the module with -parameters to read arguments by name");
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return typed(i, name, type);
            }
        }
        // the reason reaches the client: name what the policy asked for, never the entry point's parameters
        throw new IllegalArgumentException(entryPoint + " has no parameter named '" + name + "'");
    }

    private <T> T typed(int index, String label, Class<T> type) {
        Object a = args[index];
        if (a != null && !type.isInstance(a)) {
            throw new IllegalArgumentException(entryPoint + " argument " + label + " is a " + a.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(a);
    }

    /** @return the arguments as an unmodifiable list */
    public List<Object> args() {
        return java.util.Collections.unmodifiableList(Arrays.asList(args));
    }
}
