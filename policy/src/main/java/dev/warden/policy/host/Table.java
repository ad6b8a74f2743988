package dev.warden.policy.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A simple in-memory table a module keeps its state in: a module declares {@code Table<T>} fields, and a host
 * that runs it with {@link TableTransactions} rolls every table back when a reducer throws (the testkit's
 * {@code TestHost} does). A module compiles against Warden's policy module only, never the testkit.
 * Thread-safe (one lock per table).
 *
 * @param <T> the row type (immutable rows, such as records, make rollback exact)
 */
public final class Table<T> {

    private final List<T> rows = new ArrayList<>();
    /** In a transaction: the rows before its first change (copied lazily, so a call that changes nothing copies
     * nothing), or null. */
    private List<T> before;
    private boolean inTransaction;

    /** Creates an empty table. */
    public Table() {
        // rows start empty
    }

    /**
     * @param row the row, not null
     * @return the row
     */
    public synchronized T insert(T row) {
        Objects.requireNonNull(row, "row");
        remember();
        rows.add(Objects.requireNonNull(row, "row"));
        return row;
    }

    /**
     * @param which rows to delete
     * @return how many were deleted
     */
    public synchronized int delete(Predicate<? super T> which) {
        remember();
        int size = rows.size();
        rows.removeIf(which);
        return size - rows.size();
    }

    /**
     * @param which rows to update
     * @param change the new row for each
     * @return how many were updated
     */
    public synchronized int update(Predicate<? super T> which, UnaryOperator<T> change) {
        remember();
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (which.test(rows.get(i))) {
                rows.set(i, Objects.requireNonNull(change.apply(rows.get(i)), "updated row"));
                n++;
            }
        }
        return n;
    }

    /**
     * @param which a condition
     * @return the first matching row
     */
    public synchronized Optional<T> find(Predicate<? super T> which) {
        return rows.stream().filter(which).findFirst();
    }

    /**
     * @param which a condition
     * @return every matching row, as a copy
     */
    public synchronized List<T> filter(Predicate<? super T> which) {
        List<T> out = new ArrayList<>();
        for (T r : rows) {
            if (which.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return every row, as a copy */
    public synchronized List<T> all() {
        return new ArrayList<>(rows);
    }

    /** @return the number of rows */
    public synchronized int size() {
        return rows.size();
    }

    private void remember() {
        if (inTransaction && before == null) {
            before = new ArrayList<>(rows);
        }
    }

    synchronized void begin() {
        inTransaction = true;
        before = null;
    }

    synchronized void end(boolean rollBack) {
        if (rollBack && before != null) {
            rows.clear();
            rows.addAll(before);
        }
        inTransaction = false;
        before = null;
    }
}
