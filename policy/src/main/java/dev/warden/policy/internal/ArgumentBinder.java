package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import java.math.BigInteger;

/**
 * Binds a client's arguments to an entry point's parameters: checks the count, converts numbers within range
 * (a JSON integer to an {@code int}, never silently truncated) and injects what the host gives: the
 * {@link CallerContext} and the call's context ({@link CallScope#INJECTED}).
 */
public final class ArgumentBinder {

    private static final Object[] NO_ARGS = new Object[0];

    private final String entryPoint;
    private final Class<?>[] params;
    private final boolean[] injected;
    private final int clientParamCount;

    /**
     * @param entryPoint the entry point's name, for messages
     * @param params the method's parameter types
     */
    public ArgumentBinder(String entryPoint, Class<?>[] params) {
        this.entryPoint = entryPoint;
        this.params = params.clone();
        this.injected = new boolean[params.length];
        int clients = 0;
        for (int i = 0; i < params.length; i++) {
            injected[i] = CallScope.injected(params[i]);
            clients += injected[i] ? 0 : 1;
        }
        this.clientParamCount = clients;
    }

    /** @return whether the method takes a context ({@code ReducerContext}, ...) besides a {@code CallerContext} */
    public boolean takesContext() {
        for (Class<?> p : params) {
            if (p != CallerContext.class && CallScope.injected(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the method takes no parameter at all (then {@link #bind} only checks that none came) */
    public boolean takesNothing() {
        return params.length == 0;
    }

    /** @return how many arguments a client passes */
    public int clientParamCount() {
        return clientParamCount;
    }

    /**
     * @param caller the caller, injected into {@code CallerContext} parameters
     * @param args the client's arguments (null: none)
     * @return the method's arguments, contexts included only when {@code withContexts}
     * @throws IllegalArgumentException if the arguments do not fit
     */
    public Object[] bind(CallerContext caller, Object[] args) {
        return bind(caller, args, false);
    }

    /**
     * @param caller the caller
     * @param args the client's arguments (null: none)
     * @param withContexts whether to make the call's contexts ({@code ReducerContext}, ...): only to run the method,
     *     not to check a rule
     * @return the method's arguments
     * @throws IllegalArgumentException if the arguments do not fit
     * @throws IllegalStateException if a context is asked for outside a call through Warden
     */
    public Object[] bind(CallerContext caller, Object[] args, boolean withContexts) {
        Object[] in = args == null ? NO_ARGS : args;
        if (in.length != clientParamCount) {
            throw new IllegalArgumentException(entryPoint + " takes " + clientParamCount + " argument(s), got "
                    + in.length);
        }
        if (params.length == 0) {
            return NO_ARGS;
        }
        Object[] out = new Object[params.length];
        int j = 0;
        for (int i = 0; i < params.length; i++) {
            if (injected[i]) {
                out[i] = params[i] == CallerContext.class ? caller
                        : withContexts ? CallScope.context(params[i], caller, entryPoint) : null;
            } else {
                out[i] = convert(entryPoint, j, params[i], in[j]);
                j++;
            }
        }
        return out;
    }

    /**
     * @param bound what {@link #bind} returned
     * @return the client's arguments only (injected parameters removed)
     */
    public Object[] clientArgs(Object[] bound) {
        if (clientParamCount == bound.length) {
            return bound;
        }
        Object[] out = new Object[clientParamCount];
        int j = 0;
        for (int i = 0; i < bound.length; i++) {
            if (!injected[i]) {
                out[j++] = bound[i];
            }
        }
        return out;
    }

    private static Object convert(String ep, int index, Class<?> type, Object arg) {
        if (arg == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException(ep + " argument " + index + " must be " + article(type.getSimpleName())
                        + ", got null");
            }
            return null;
        }
        Class<?> boxed = box(type);
        if (boxed.isInstance(arg)) {
            return arg;
        }
        if (arg instanceof Number) {
            Number n = (Number) arg;
            boolean integral = arg instanceof Long || arg instanceof Integer || arg instanceof Short
                    || arg instanceof Byte || arg instanceof BigInteger;
            if (integral && (boxed == Long.class || boxed == Integer.class || boxed == Short.class
                    || boxed == Byte.class)) {
                BigInteger v = arg instanceof BigInteger ? (BigInteger) arg : BigInteger.valueOf(n.longValue());
                long min = boxed == Long.class ? Long.MIN_VALUE : boxed == Integer.class ? Integer.MIN_VALUE
                        : boxed == Short.class ? Short.MIN_VALUE : Byte.MIN_VALUE;
                long max = boxed == Long.class ? Long.MAX_VALUE : boxed == Integer.class ? Integer.MAX_VALUE
                        : boxed == Short.class ? Short.MAX_VALUE : Byte.MAX_VALUE;
                if (v.bitLength() < 64 && v.longValue() >= min && v.longValue() <= max) {
                    long l = v.longValue();
                    return boxed == Long.class ? (Object) l : boxed == Integer.class ? (Object) (int) l
                            : boxed == Short.class ? (Object) (short) l : (Object) (byte) l;
                }
                throw new IllegalArgumentException(ep + " argument " + index + " is out of range for "
                        + type.getSimpleName());
            }
            if (boxed == Double.class) {
                return n.doubleValue();
            }
            if (boxed == Float.class) {
                return n.floatValue();
            }
        }
        throw new IllegalArgumentException(ep + " argument " + index + " must be " + article(type.getSimpleName()) + ", got "
                + article(arg.getClass().getSimpleName()));
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        if (t == int.class) {
            return Integer.class;
        }
        if (t == long.class) {
            return Long.class;
        }
        if (t == boolean.class) {
            return Boolean.class;
        }
        if (t == double.class) {
            return Double.class;
        }
        if (t == float.class) {
            return Float.class;
        }
        if (t == short.class) {
            return Short.class;
        }
        if (t == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }

    /** "an Identity", "a String". */
    static String article(String noun) {
        return ("AEIOUaeiou".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
