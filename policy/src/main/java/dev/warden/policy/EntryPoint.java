package dev.warden.policy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/** One entry point of a guarded module, as listed for hosts and reports. Immutable. */
public final class EntryPoint {

    private final String name;
    private final EntryPointKind kind;
    private final String rule;
    private final Method method;
    private final List<Class<?>> parameterTypes;
    private final String rowFilter;

    EntryPoint(String name, EntryPointKind kind, String rule, Method method, List<Class<?>> parameterTypes,
               String rowFilter) {
        // interned: a host calling by a constant name then matches the lookup table by identity, not by content
        this.name = name.intern();
        this.kind = kind;
        this.rule = rule;
        this.method = method;
        this.parameterTypes = parameterTypes;
        this.rowFilter = rowFilter;
    }

    /** @return the name clients call it by */
    public String name() {
        return name;
    }

    /** @return its kind */
    public EntryPointKind kind() {
        return kind;
    }

    /** @return its access rule, as written in reports */
    public String rule() {
        return rule;
    }

    /** @return the Java method */
    public Method method() {
        return method;
    }

    /** @return the types of the arguments a client passes (injected {@code CallerContext} parameters excluded) */
    public List<Class<?>> parameterTypes() {
        return parameterTypes;
    }

    /** @return the view's row filter, if any */
    public Optional<String> rowFilter() {
        return rowFilterText();
    }

    /**
     * @param type a parameter type
     * @return whether a host injects it ({@code CallerContext}, {@code ReducerContext}, {@code ViewContext},
     *     {@code AnonymousViewContext}, {@code ProcedureContext}): clients never pass it
     */
    public static boolean isInjected(Class<?> type) {
        return dev.warden.policy.internal.CallScope.injected(type);
    }

    private Optional<String> rowFilterText() {
        return Optional.ofNullable(rowFilter);
    }

    @Override
    public String toString() {
        return kind + " " + name + " [" + rule + "]";
    }
}
