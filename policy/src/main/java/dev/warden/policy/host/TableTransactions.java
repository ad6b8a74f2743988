package dev.warden.policy.host;

import dev.warden.policy.EntryPoint;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Transactions over a module's {@link Table} fields: in each transactional call (see {@link TransactionRunner})
 * a table copies its rows at its first change, and every changed table is restored if the call throws. For hosts whose modules keep their
 * state in {@code Table}s; it is what {@link Warden.Builder} uses unless a host says otherwise, so the testkit's
 * {@code TestHost} and a production host run a module with the same transactions.
 *
 * <p>Isolation is serializable, as in SpacetimeDB, which runs one reducer at a time: transactional calls take one
 * lock in turn, so one call's rollback never undoes another's commit. A transactional call made from inside
 * another (a reducer that calls a reducer on the same thread) joins the outer transaction: it commits or rolls
 * back with it. Views and procedures take no lock; each {@link Table} operation is atomic on its own.
 */
public final class TableTransactions implements TransactionRunner {

    private final Map<String, Table<?>> tables;
    private final ReentrantLock lock = new ReentrantLock();

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
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                // a call from inside a transaction on this thread joins it
                return body.get();
            }
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
        } finally {
            lock.unlock();
        }
    }
}
