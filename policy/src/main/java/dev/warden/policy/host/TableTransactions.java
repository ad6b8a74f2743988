package dev.warden.policy.host;

import dev.warden.policy.EntryPoint;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Transactions over a module's {@link Table} fields: in each transactional call (see {@link TransactionRunner})
 * a table copies its rows at its first change, and every changed table is restored if the call throws. For hosts whose modules keep their
 * state in {@code Table}s, such as the testkit's {@code TestHost}. Calls must be serialized by the host, as
 * SpacetimeDB runs one reducer at a time.
 */
public final class TableTransactions implements TransactionRunner {

    private final Map<String, Table<?>> tables;

    private TableTransactions(Map<String, Table<?>> tables) {
        this.tables = tables;
    }

    /**
     * @param module the module instance
     * @return transactions over its non-static {@code Table} fields (its superclasses' included)
     * @throws IllegalArgumentException if a field cannot be read (a named module that does not open its package)
     */
    public static TableTransactions of(Object module) {
        Map<String, Table<?>> out = new LinkedHashMap<>();
        for (Class<?> c = module.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Table.class.isAssignableFrom(f.getType()) && !Modifier.isStatic(f.getModifiers())) {
                    try {
                        f.setAccessible(true);
                        Object t = f.get(module);
                        if (t != null) {
                            out.putIfAbsent(f.getName(), (Table<?>) t);
                        }
                    } catch (IllegalAccessException | RuntimeException e) {
                        throw new IllegalArgumentException("cannot read table field " + f.getName() + " of "
                                + c.getName() + (c.getModule().isNamed() ? ": add 'opens " + c.getPackageName()
                                + " to dev.warden.policy;' to the module-info of " + c.getModule().getName() : ""), e);
                    }
                }
            }
        }
        return new TableTransactions(Collections.unmodifiableMap(out));
    }

    /** @return the module's tables by field name */
    public Map<String, Table<?>> tables() {
        return tables;
    }

    @Override
    public Object inTransaction(EntryPoint entryPoint, Supplier<Object> body) {
        // no copy up front: a table copies its rows at its first change, so denied and read-only calls cost
        // nothing per row
        tables.values().forEach(Table::begin);
        boolean failed = true;
        try {
            Object result = body.get();
            failed = false;
            return result;
        } finally {
            for (Table<?> t : tables.values()) {
                t.end(failed);
            }
        }
    }
}
