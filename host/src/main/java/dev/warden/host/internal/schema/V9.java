package dev.warden.host.internal.schema;

import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductType;
import dev.warden.host.internal.schema.Sats.Typespace;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * SpacetimeDB's {@code RawModuleDefV9} (crates/lib/src/db/raw_def/v9.rs) as records, in its field and variant
 * order, as {@code GET /v1/database/:name/schema?version=9} answers it (through {@link SatsJson}).
 */
public final class V9 {

    private V9() {}

    /**
     * @param typespace the module's types
     * @param tables its tables
     * @param reducers its reducers, lifecycle ones included
     * @param types its named types
     * @param miscExports its views and procedures
     * @param rowLevelSecurity its row-level security rules
     */
    public record RawModuleDefV9(Typespace typespace, List<RawTableDefV9> tables, List<RawReducerDefV9> reducers,
                                 List<RawTypeDefV9> types, List<RawMiscModuleExportV9> miscExports,
                                 List<RawRowLevelSecurityDefV9> rowLevelSecurity) {}

    /**
     * @param name the table's name
     * @param productTypeRef its row type
     * @param primaryKey its primary key's columns
     * @param indexes its indexes
     * @param constraints its unique constraints
     * @param sequences its auto-increment columns
     * @param schedule its schedule, if it is a schedule table
     * @param tableType system or user
     * @param tableAccess public or private
     */
    public record RawTableDefV9(String name, int productTypeRef, List<Short> primaryKey, List<RawIndexDefV9> indexes,
                                List<RawConstraintDefV9> constraints, List<RawSequenceDefV9> sequences,
                                Optional<RawScheduleDefV9> schedule, TableType tableType, TableAccess tableAccess) {}

    /** {@code TableType}. */
    public enum TableType {
        /** A system table. */
        System,
        /** A module's table. */
        User
    }

    /** {@code TableAccess}. */
    public enum TableAccess {
        /** Clients may read it. */
        Public,
        /** Only the module reads it. */
        Private
    }

    /**
     * @param name the sequence's name
     * @param column its column
     * @param start its first value, if given
     * @param minValue its minimum, if given
     * @param maxValue its maximum, if given
     * @param increment its step
     */
    public record RawSequenceDefV9(Optional<String> name, short column, Optional<BigInteger> start,
                                   Optional<BigInteger> minValue, Optional<BigInteger> maxValue,
                                   BigInteger increment) {}

    /**
     * @param name the index's name
     * @param accessorName what the module's code calls it
     * @param algorithm how it is kept
     */
    public record RawIndexDefV9(Optional<String> name, Optional<String> accessorName, RawIndexAlgorithm algorithm) {}

    /** {@code RawIndexAlgorithm}: a variant's one field is its payload. */
    public sealed interface RawIndexAlgorithm permits BTree, Hash, Direct {}

    /** @param columns the indexed columns, in order */
    public record BTree(List<Short> columns) implements RawIndexAlgorithm {}

    /** @param columns the indexed columns, in order */
    public record Hash(List<Short> columns) implements RawIndexAlgorithm {}

    /** @param column the indexed column */
    public record Direct(short column) implements RawIndexAlgorithm {}

    /**
     * @param name the schedule's name
     * @param reducerName the reducer it runs
     * @param scheduledAtColumn the {@code ScheduleAt} column
     */
    public record RawScheduleDefV9(Optional<String> name, String reducerName, short scheduledAtColumn) {}

    /**
     * @param name the constraint's name
     * @param data what it constrains
     */
    public record RawConstraintDefV9(Optional<String> name, RawConstraintDataV9 data) {}

    /** {@code RawConstraintDataV9}. */
    public sealed interface RawConstraintDataV9 permits Unique {}

    /** @param data the unique columns */
    public record Unique(RawUniqueConstraintDataV9 data) implements RawConstraintDataV9 {}

    /** @param columns the columns whose values are unique together */
    public record RawUniqueConstraintDataV9(List<Short> columns) {}

    /** @param sql the rule */
    public record RawRowLevelSecurityDefV9(String sql) {}

    /** {@code RawMiscModuleExportV9}. */
    public sealed interface RawMiscModuleExportV9 permits ColumnDefaultValue, Procedure, View {}

    /** @param value a column's default */
    public record ColumnDefaultValue(RawColumnDefaultValueV9 value) implements RawMiscModuleExportV9 {}

    /** @param procedure a procedure */
    public record Procedure(RawProcedureDefV9 procedure) implements RawMiscModuleExportV9 {}

    /** @param view a view */
    public record View(RawViewDefV9 view) implements RawMiscModuleExportV9 {}

    /**
     * @param table the table
     * @param colId the column
     * @param value the default's BSATN
     */
    public record RawColumnDefaultValueV9(String table, short colId, byte[] value) {}

    /**
     * @param name the type's name
     * @param ty the type
     * @param customOrdering whether it orders as declared
     */
    public record RawTypeDefV9(RawScopedTypeNameV9 name, int ty, boolean customOrdering) {}

    /**
     * @param scope the enclosing namespaces
     * @param name the name
     */
    public record RawScopedTypeNameV9(List<String> scope, String name) {}

    /**
     * @param name the view's name
     * @param index its position among the views
     * @param isPublic whether clients may subscribe to it
     * @param isAnonymous whether it is the same for every caller
     * @param params its parameters
     * @param returnType what it returns
     */
    public record RawViewDefV9(String name, int index, boolean isPublic, boolean isAnonymous, ProductType params,
                               AlgebraicType returnType) {}

    /**
     * @param name the reducer's name
     * @param params its parameters
     * @param lifecycle the lifecycle event it runs at, if any
     */
    public record RawReducerDefV9(String name, ProductType params, Optional<Lifecycle> lifecycle) {}

    /** {@code Lifecycle}. */
    public enum Lifecycle {
        /** The module was published. */
        Init,
        /** A client connected. */
        OnConnect,
        /** A client disconnected. */
        OnDisconnect
    }

    /**
     * @param name the procedure's name
     * @param params its parameters
     * @param returnType what it returns
     */
    public record RawProcedureDefV9(String name, ProductType params, AlgebraicType returnType) {}
}
