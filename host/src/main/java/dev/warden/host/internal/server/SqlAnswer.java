package dev.warden.host.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnWriter;
import dev.warden.host.internal.schema.ModuleDefs;
import dev.warden.host.internal.schema.Sats;
import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductTypeElement;
import dev.warden.host.internal.schema.Sats.Typespace;
import dev.warden.host.internal.schema.SatsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code /sql} statement's answer as SpacetimeDB writes it (crates/client-api-messages/src/http.rs
 * {@code SqlStmtResult}): {@code {"schema": ProductType, "rows": [[...]], "total_duration_micros": n, "stats":
 * {"rows_inserted": 0, "rows_deleted": 0, "rows_updated": 0}}}; the schema is each returned column's name and type
 * (references resolved, as a table's column types are), a row an array of its values ({@link Json}). {@code SELECT *}
 * or {@code t.*} returns a table's columns, a column list those columns under their names, {@code COUNT(*)} one
 * {@code u64}; {@code LIMIT} keeps the first rows. A DML statement answers no columns, no rows, and what it
 * changed in {@code stats}.
 */
final class SqlAnswer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 64;

    private SqlAnswer() {}

    /** A table's row type as SpacetimeDB describes it: its columns, references resolved. */
    private record RowType(List<ProductTypeElement> columns, Typespace typespace) {

        static RowType of(Class<?> row) {
            ModuleDefs.Described d = ModuleDefs.describe(row, null);
            Sats.Product p = (Sats.Product) resolve(d.type(), d.typespace(), 0);
            return new RowType(p.type().elements(), d.typespace());
        }
    }

    private static final ClassValue<RowType> ROW_TYPES = new ClassValue<>() {
        @Override
        protected RowType computeValue(Class<?> row) {
            return RowType.of(row);
        }
    };

    /**
     * @param result the statement and its matches
     * @return the rows it returns, as JSON arrays
     * @throws IllegalArgumentException if a row cannot be written
     */
    static List<JsonNode> rows(Database.SqlResult result) {
        Plan p = result.plan();
        if (p == null) {
            return List.of();   // a DML statement returns no rows
        }
        List<Object[]> matches = result.matches();
        if (p.count != null) {
            ArrayNode row = NODES.arrayNode();
            row.add(matches.size());
            return List.of(row);
        }
        long limit = p.limit == null ? Long.MAX_VALUE : p.limit;
        List<JsonNode> out = new ArrayList<>();
        for (Object[] m : matches) {
            if (out.size() >= limit) {
                break;
            }
            if (p.columns == null) {
                out.add(row(p.rels.get(p.returned).table(), m[p.returned]));
            } else {
                ArrayNode row = NODES.arrayNode();
                List<JsonNode> written = new ArrayList<>();
                for (int i = 0; i < p.rels.size(); i++) {
                    written.add(null);
                }
                for (int[] c : p.columns) {
                    if (written.get(c[0]) == null) {
                        written.set(c[0], row(p.rels.get(c[0]).table(), m[c[0]]));
                    }
                    row.add(written.get(c[0]).get(c[1]));
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * @param result the statement and its matches
     * @param rows its rows ({@link #rows})
     * @param micros how long it took
     * @return SpacetimeDB's {@code SqlStmtResult}
     */
    static ObjectNode of(Database.SqlResult result, List<JsonNode> rows, long micros) {
        Plan p = result.plan();
        List<ProductTypeElement> schema = new ArrayList<>();
        if (p == null) {
            // a DML statement: no columns
        } else if (p.count != null) {
            schema.add(new ProductTypeElement(Optional.of(p.count), new Sats.U64()));
        } else if (p.columns == null) {
            schema.addAll(ROW_TYPES.get(p.rels.get(p.returned).table().rowType()).columns());
        } else {
            for (int i = 0; i < p.columns.size(); i++) {
                int[] c = p.columns.get(i);
                schema.add(new ProductTypeElement(Optional.of(p.names.get(i)),
                        ROW_TYPES.get(p.rels.get(c[0]).table().rowType()).columns().get(c[1]).algebraicType()));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("schema", SatsJson.toJson(new Sats.ProductType(List.copyOf(schema))));
        ArrayNode a = NODES.arrayNode();
        rows.forEach(a::add);
        out.set("rows", a);
        out.put("total_duration_micros", micros);
        ObjectNode stats = NODES.objectNode();
        Mutation.Stats changed = result.changed() == null ? new Mutation.Stats(0, 0, 0) : result.changed();
        stats.put("rows_inserted", changed.inserted());
        stats.put("rows_deleted", changed.deleted());
        stats.put("rows_updated", changed.updated());
        out.set("stats", stats);
        return out;
    }

    private static JsonNode row(Catalog.Subscribable table, Object row) {
        BsatnCodec<Object> codec = table.codec();
        if (codec == null) {
            throw new IllegalArgumentException("the rows of `" + table.name() + "` have a column this host cannot "
                    + "write");
        }
        BsatnWriter w = new BsatnWriter();
        codec.write(w, row);
        RowType t = ROW_TYPES.get(table.rowType());
        return Json.value(w.toByteArray(), new Sats.Product(new Sats.ProductType(t.columns())), t.typespace());
    }

    /** The type with every reference replaced by what it names (a table's columns have no recursive type). */
    private static AlgebraicType resolve(AlgebraicType t, Typespace ts, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a column's type nests deeper than " + MAX_DEPTH);
        }
        if (t instanceof Sats.Ref r) {
            return resolve(ts.types().get(r.ref()), ts, depth + 1);
        }
        if (t instanceof Sats.Product p) {
            return new Sats.Product(new Sats.ProductType(p.type().elements().stream().map(e -> new ProductTypeElement(
                    e.name(), resolve(e.algebraicType(), ts, depth + 1))).toList()));
        }
        if (t instanceof Sats.Sum s) {
            return new Sats.Sum(new Sats.SumType(s.type().variants().stream().map(v -> new Sats.SumTypeVariant(
                    v.name(), resolve(v.algebraicType(), ts, depth + 1))).toList()));
        }
        if (t instanceof Sats.Array a) {
            return new Sats.Array(resolve(a.element(), ts, depth + 1));
        }
        return t;
    }
}
