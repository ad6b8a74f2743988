package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.AnonymousViewContext;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.TableRule;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the host serves of a module, derived once from its entry points: each client-callable entry point's
 * argument codecs (the BSATN product of its parameters but those Warden injects: {@code CallerContext},
 * {@code ReducerContext}, {@code ViewContext}, {@code ProcedureContext}) and return codec,
 * and what clients subscribe to by name ({@code SELECT * FROM posts}): the module's tables (a private one only to be
 * refused) and its views without client arguments whose rows (a {@code List<Row>}) have a BSATN mapping.
 */
public final class Catalog {

    /**
     * A client-callable entry point and how its arguments and result travel.
     *
     * @param entryPoint the entry point
     * @param parameters the Java types of its client parameters, in order
     * @param codecs their codecs, or null if a parameter has no BSATN mapping (then callable over HTTP only)
     * @param result the return value's codec, or null for {@code void} or a type without a BSATN mapping
     */
    public record Callable(EntryPoint entryPoint, List<Type> parameters, List<BsatnCodec<?>> codecs,
                           BsatnCodec<?> result) {

        /**
         * @param args the BSATN product of the parameters
         * @return the arguments
         * @throws dev.warden.host.BsatnException if the bytes are not exactly those parameters
         * @throws IllegalArgumentException if a parameter has no BSATN mapping
         */
        public Object[] decode(byte[] args) {
            if (codecs == null) {
                throw new IllegalArgumentException(entryPoint.name() + " has a parameter without a BSATN mapping");
            }
            BsatnReader in = new BsatnReader(args);
            Object[] out = new Object[codecs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = codecs.get(i).read(in);
            }
            in.requireEnd();
            return out;
        }

        /**
         * @param value what the entry point returned
         * @return its BSATN, empty for {@code void} (or a type without a mapping)
         */
        @SuppressWarnings("unchecked")
        public byte[] encodeResult(Object value) {
            if (result == null || value == null) {
                return new byte[0];
            }
            BsatnWriter out = new BsatnWriter();
            ((BsatnCodec<Object>) result).write(out, value);
            return out.toByteArray();
        }
    }

    /**
     * A table or view clients subscribe to.
     *
     * @param name the table's or view's name
     * @param rowType the row record
     * @param codec the row codec
     * @param sameForEveryone whether its rows are the same for every caller its rule admits: a view that takes
     *     nothing but an {@code AnonymousViewContext} and has no {@code @VisibleRows}, or a public table without
     *     a row rule, so one evaluation serves every subscriber
     * @param table the table's rule, or null for a view
     */
    public record Subscribable(String name, Class<?> rowType, BsatnCodec<Object> codec, boolean sameForEveryone,
                               TableRule table) {

        /**
         * A view.
         *
         * @param name its name
         * @param rowType its row record
         * @param codec the row codec
         * @param sameForEveryone whether one run serves every subscriber
         */
        public Subscribable(String name, Class<?> rowType, BsatnCodec<Object> codec, boolean sameForEveryone) {
            this(name, rowType, codec, sameForEveryone, null);
        }

        /** @return whether it is a table (else a view) */
        public boolean isTable() {
            return table != null;
        }
    }

    private final Map<String, Callable> callables;
    private final Map<String, Subscribable> subscribables;
    private final Map<String, EntryPointKind> internal;

    private Catalog(Map<String, Callable> callables, Map<String, Subscribable> subscribables,
                    Map<String, EntryPointKind> internal) {
        this.callables = callables;
        this.subscribables = subscribables;
        this.internal = internal;
    }

    /**
     * @param module the compiled module
     * @return its catalog
     */
    public static Catalog of(GuardedModule<?> module) {
        Map<String, Callable> callables = new LinkedHashMap<>();
        Map<String, Subscribable> subscribables = new LinkedHashMap<>();
        Map<String, EntryPointKind> internal = new LinkedHashMap<>();
        for (EntryPoint ep : module.entryPoints()) {
            if (!ep.kind().clientCallable()) {
                internal.put(ep.name(), ep.kind());
                continue;
            }
            List<Type> params = new ArrayList<>();
            for (Type t : ep.method().getGenericParameterTypes()) {
                if (!(t instanceof Class<?> c && EntryPoint.isInjected(c))) {
                    params.add(t);
                }
            }
            callables.put(ep.name(), new Callable(ep, List.copyOf(params), codecs(params),
                    codec(ep.method().getGenericReturnType())));
            if (ep.kind() == EntryPointKind.VIEW && params.isEmpty()) {
                boolean sameForEveryone = ep.rowFilter().isEmpty() && java.util.Arrays.stream(
                        ep.method().getParameterTypes()).allMatch(p -> p == AnonymousViewContext.class);
                rowType(ep.method().getGenericReturnType()).ifPresent(row -> subscribables.put(ep.name(),
                        new Subscribable(ep.name(), row, rowCodec(row), sameForEveryone)));
            }
        }
        for (TableRule rule : module.tableRules().values()) {
            Class<?> row = rule.table().rowType();
            // a private table's rows are never encoded: a column type without a BSATN mapping is no reason not to start
            @SuppressWarnings("unchecked")
            BsatnCodec<Object> codec = rule.isPublic() ? rowCodec(row) : (BsatnCodec<Object>) codec(row);
            subscribables.put(rule.table().name(), new Subscribable(rule.table().name(), row, codec,
                    rule.showsEveryRow(), rule));
        }
        return new Catalog(Collections.unmodifiableMap(callables), Collections.unmodifiableMap(subscribables),
                Collections.unmodifiableMap(internal));
    }

    /**
     * @param name an entry point's name
     * @return the client-callable entry point of that name
     */
    public Optional<Callable> callable(String name) {
        return Optional.ofNullable(callables.get(name));
    }

    /**
     * @param name a view's name
     * @return the view clients may subscribe to by that name
     */
    public Optional<Subscribable> subscribable(String name) {
        return Optional.ofNullable(subscribables.get(name));
    }

    /**
     * @param table a table
     * @param column one of its columns
     * @return whether an index can look rows up by that column: its own index, or a btree whose first column it is
     */
    public boolean indexed(Subscribable table, String column) {
        if (!table.isTable()) {
            return false;
        }
        for (dev.warden.db.IndexSchema ix : table.table().table().indexes()) {
            if (ix.columns().get(0).name().equals(column)
                    && (ix.columns().size() == 1 || ix.type() == dev.warden.db.IndexType.BTREE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param name an entry point's name
     * @return whether it is a lifecycle hook ({@code @Init}, {@code @OnConnect}, {@code @OnDisconnect})
     */
    public boolean isLifecycle(String name) {
        EntryPointKind k = internal.get(name);
        return k == EntryPointKind.INIT || k == EntryPointKind.ON_CONNECT || k == EntryPointKind.ON_DISCONNECT;
    }

    @SuppressWarnings("unchecked")
    private static BsatnCodec<Object> rowCodec(Class<?> row) {
        return (BsatnCodec<Object>) Bsatn.codecFor(row);
    }

    private static List<BsatnCodec<?>> codecs(List<Type> params) {
        List<BsatnCodec<?>> out = new ArrayList<>();
        for (Type t : params) {
            BsatnCodec<?> c = codec(t);
            if (c == null) {
                return null;
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    private static BsatnCodec<?> codec(Type t) {
        if (t == void.class || t == Void.class) {
            return null;
        }
        try {
            return Bsatn.codecFor(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Class<?>> rowType(Type listType) {
        if (listType instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> row && row.isRecord() && codec(row) != null) {
            return Optional.of(row);
        }
        return Optional.empty();
    }
}
