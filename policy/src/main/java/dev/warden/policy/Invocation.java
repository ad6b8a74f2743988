package dev.warden.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One call of an entry point, as a named {@link dev.warden.policy.annotation.Policy} sees it: the entry point, the module instance and
 * the arguments (without the injected caller context). Immutable view; the arguments are not copied.
 */
public final class Invocation {

    private final String entryPoint;
    private final Object module;
    private final Object[] args;

    Invocation(String entryPoint, Object module, Object[] args) {
        this.entryPoint = entryPoint;
        this.module = module;
        this.args = args;
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
        Object a = args[index];
        if (a != null && !type.isInstance(a)) {
            throw new IllegalArgumentException(entryPoint + " argument " + index + " is a " + a.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(a);
    }

    /** @return the arguments as an unmodifiable list */
    public List<Object> args() {
        return java.util.Collections.unmodifiableList(Arrays.asList(args));
    }
}
