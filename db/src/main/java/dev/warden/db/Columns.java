package dev.warden.db;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/** Resolves a {@link Column} lambda to the record component it reads, once per lambda class. */
final class Columns {

    /** A resolved column reference: the record class and the component's position. */
    record Ref(Class<?> rowType, int position, String name) {}

    /** Per lambda class: its resolution (a {@link Ref} or the refusal), made from its first instance. */
    private static final class Holder {
        volatile Object resolved;
    }

    private static final ClassValue<Holder> RESOLVED = new ClassValue<>() {
        @Override
        protected Holder computeValue(Class<?> lambdaClass) {
            return new Holder();
        }
    };

    private Columns() {}

    /**
     * @param column a column lambda
     * @param table the table it is used on, for messages
     * @return the component it reads
     * @throws DatabaseException {@code NOT_A_COLUMN} if it is not an accessor reference
     */
    static Ref of(Column<?, ?> column, String table) {
        Holder h = RESOLVED.get(column.getClass());
        Object r = h.resolved;
        if (r == null) {
            try {
                r = resolve(column);
            } catch (DatabaseException e) {
                r = e;
            }
            h.resolved = r;
        }
        if (r instanceof Ref ref) {
            return ref;
        }
        DatabaseException e = (DatabaseException) r;
        throw new DatabaseException(e.reason(), table, e.getMessage());
    }

    private static Ref resolve(Column<?, ?> column) {
        Class<?> lambdaClass = column.getClass();
        SerializedLambda s;
        try {
            Method m = lambdaClass.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            s = (SerializedLambda) m.invoke(column);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw notAColumn("a Column must be a method reference to a record accessor, such as Account::id ("
                    + lambdaClass.getName() + " cannot be read: " + e + ")");
        }
        if (s.getImplMethodKind() != java.lang.invoke.MethodHandleInfo.REF_invokeVirtual
                || s.getCapturedArgCount() != 0) {
            throw notAColumn("a Column must be a method reference to a record accessor, such as Account::id, not a"
                    + " lambda (" + s.getImplMethodName() + ")");
        }
        String className = s.getImplClass().replace('/', '.');
        Class<?> owner;
        try {
            owner = Class.forName(className, false, lambdaClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw notAColumn("a Column's class " + className + " cannot be loaded");
        }
        if (!owner.isRecord()) {
            throw notAColumn("a Column must read a record's component: " + className + " is not a record");
        }
        RecordComponent[] rc = owner.getRecordComponents();
        for (int i = 0; i < rc.length; i++) {
            if (rc[i].getName().equals(s.getImplMethodName()) && s.getImplMethodSignature().startsWith("()")) {
                return new Ref(owner, i, rc[i].getName());
            }
        }
        throw notAColumn("a Column must be a record accessor: " + owner.getSimpleName() + "::"
                + s.getImplMethodName() + " is not one of its components");
    }

    private static DatabaseException notAColumn(String message) {
        return new DatabaseException(DatabaseException.Reason.NOT_A_COLUMN, null, message);
    }
}
