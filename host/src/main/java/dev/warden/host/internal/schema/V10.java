package dev.warden.host.internal.schema;

import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductType;
import dev.warden.host.internal.schema.Sats.Typespace;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * SpacetimeDB's {@code RawModuleDefV10} (crates/lib/src/db/raw_def/v10.rs, as the {@code spacetimedb} npm package
 * 2.10.1 lays it out) as records: every section and field in its order, so the BSATN a TypeScript module uploads
 * decodes into them and {@link SatsJson} writes them as {@code GET /v1/database/:name/schema?version=10} answers.
 * Column ids are {@code short} (u16), type refs and view indexes {@code int} (u32).
 */
public final class V10 {

    private V10() {}

    /** @param sections the module's sections, in the order they were written */
    public record RawModuleDefV10(List<Section> sections) {}

    /** {@code RawModuleDefV10Section}: one variant per kind of section. */
    public sealed interface Section permits Typespace_, Types, Tables, Reducers, Procedures, Views, Schedules,
            LifeCycleReducers, RowLevelSecurity, CaseConversionPolicy_, ExplicitNames_, HttpHandlers, HttpRoutes,
            ViewPrimaryKeys, Submodules {}

    /** @param typespace the module's types */
    public record Typespace_(Typespace typespace) implements Section {}

    /** @param types the named types */
    public record Types(List<RawTypeDefV10> types) implements Section {}

    /** @param tables the tables */
    public record Tables(List<RawTableDefV10> tables) implements Section {}

    /** @param reducers the reducers, lifecycle ones included */
    public record Reducers(List<RawReducerDefV10> reducers) implements Section {}

    /** @param procedures the procedures */
    public record Procedures(List<RawProcedureDefV10> procedures) implements Section {}

    /** @param views the views */
    public record Views(List<RawViewDefV10> views) implements Section {}

    /** @param schedules the schedule tables */
    public record Schedules(List<RawScheduleDefV10> schedules) implements Section {}

    /** @param reducers which reducer runs at which lifecycle event */
    public record LifeCycleReducers(List<RawLifeCycleReducerDefV10> reducers) implements Section {}

    /** @param rules the row-level security rules */
    public record RowLevelSecurity(List<V9.RawRowLevelSecurityDefV9> rules) implements Section {}

    /** @param policy how source names become canonical names */
    public record CaseConversionPolicy_(CaseConversionPolicy policy) implements Section {}

    /** @param names source names mapped to canonical names */
    public record ExplicitNames_(ExplicitNames names) implements Section {}

    /** @param handlers the HTTP handlers */
    public record HttpHandlers(List<RawHttpHandlerDefV10> handlers) implements Section {}

    /** @param routes the HTTP routes */
    public record HttpRoutes(List<RawHttpRouteDefV10> routes) implements Section {}

    /** @param keys the views' primary keys */
    public record ViewPrimaryKeys(List<RawViewPrimaryKeyDefV10> keys) implements Section {}

    /** @param submodules the mounted submodules */
    public record Submodules(List<RawSubmoduleV10> submodules) implements Section {}

    /** {@code CaseConversionPolicy}. */
    public enum CaseConversionPolicy {
        /** Names are kept as written. */
        None,
        /** Names become snake_case (the default). */
        SnakeCase
    }

    /** @param entries the explicit names */
    public record ExplicitNames(List<ExplicitNameEntry> entries) {}

    /** {@code ExplicitNameEntry}. */
    public sealed interface ExplicitNameEntry permits Table, Function, Index {}

    /** @param mapping a table's names */
    public record Table(NameMapping mapping) implements ExplicitNameEntry {}

    /** @param mapping a function's names */
    public record Function(NameMapping mapping) implements ExplicitNameEntry {}

    /** @param mapping an index's names */
    public record Index(NameMapping mapping) implements ExplicitNameEntry {}

    /**
     * @param sourceName the name in the module's source
     * @param canonicalName the name clients and SQL use
     */
    public record NameMapping(String sourceName, String canonicalName) {}

    /**
     * @param sourceName the table's source name
     * @param productTypeRef its row type
     * @param primaryKey its primary key's columns (empty without one)
     * @param indexes its indexes
     * @param constraints its unique constraints
     * @param sequences its auto-increment columns
     * @param tableType system or user
     * @param tableAccess public or private
     * @param defaultValues columns' default values
     * @param isEvent whether it is an event table
     */
    public record RawTableDefV10(String sourceName, int productTypeRef, List<Short> primaryKey,
                                 List<RawIndexDefV10> indexes, List<RawConstraintDefV10> constraints,
                                 List<RawSequenceDefV10> sequences, V9.TableType tableType,
                                 V9.TableAccess tableAccess, List<RawColumnDefaultValueV10> defaultValues,
                                 boolean isEvent) {}

    /**
     * @param colId the column
     * @param value its default value's BSATN
     */
    public record RawColumnDefaultValueV10(short colId, byte[] value) {}

    /**
     * @param sourceName the reducer's name
     * @param params its parameters
     * @param visibility whether clients may call it
     * @param okReturnType what it returns
     * @param errReturnType what it fails with
     */
    public record RawReducerDefV10(String sourceName, ProductType params, FunctionVisibility visibility,
                                   AlgebraicType okReturnType, AlgebraicType errReturnType) {}

    /** {@code FunctionVisibility}. */
    public enum FunctionVisibility {
        /** Only the module (or the scheduler) calls it. */
        Private,
        /** Clients may call it. */
        ClientCallable
    }

    /**
     * @param sourceName the schedule's name
     * @param tableName its table
     * @param scheduleAtCol the {@code ScheduleAt} column
     * @param functionName the reducer or procedure it runs
     */
    public record RawScheduleDefV10(Optional<String> sourceName, String tableName, short scheduleAtCol,
                                    String functionName) {}

    /**
     * @param lifecycleSpec the event
     * @param functionName the reducer that runs at it
     */
    public record RawLifeCycleReducerDefV10(V9.Lifecycle lifecycleSpec, String functionName) {}

    /**
     * @param sourceName the procedure's name
     * @param params its parameters
     * @param returnType what it returns
     * @param visibility whether clients may call it
     */
    public record RawProcedureDefV10(String sourceName, ProductType params, AlgebraicType returnType,
                                     FunctionVisibility visibility) {}

    /**
     * @param sourceName the sequence's name, if given
     * @param column its column
     * @param start its first value, if given
     * @param minValue its minimum, if given
     * @param maxValue its maximum, if given
     * @param increment its step
     */
    public record RawSequenceDefV10(Optional<String> sourceName, short column, Optional<BigInteger> start,
                                    Optional<BigInteger> minValue, Optional<BigInteger> maxValue,
                                    BigInteger increment) {}

    /**
     * @param sourceName the constraint's name, if given
     * @param data what it constrains
     */
    public record RawConstraintDefV10(Optional<String> sourceName, V9.RawConstraintDataV9 data) {}

    /**
     * @param sourceName the index's name, if given
     * @param accessorName what the module's code calls it, if anything
     * @param algorithm how it is kept, on which columns
     */
    public record RawIndexDefV10(Optional<String> sourceName, Optional<String> accessorName,
                                 V9.RawIndexAlgorithm algorithm) {}

    /**
     * @param sourceName the type's name
     * @param ty the type
     * @param customOrdering whether it orders as declared
     */
    public record RawTypeDefV10(RawScopedTypeNameV10 sourceName, int ty, boolean customOrdering) {}

    /**
     * @param scope the type's enclosing namespaces
     * @param sourceName its name
     */
    public record RawScopedTypeNameV10(List<String> scope, String sourceName) {}

    /**
     * @param sourceName the view's name
     * @param index its position among the views
     * @param isPublic whether clients may subscribe to it
     * @param isAnonymous whether it is the same for every caller
     * @param params its parameters
     * @param returnType what it returns
     */
    public record RawViewDefV10(String sourceName, int index, boolean isPublic, boolean isAnonymous,
                                ProductType params, AlgebraicType returnType) {}

    /**
     * @param viewSourceName the view
     * @param columns its rows' key columns
     */
    public record RawViewPrimaryKeyDefV10(String viewSourceName, List<String> columns) {}

    /** @param sourceName the handler's name */
    public record RawHttpHandlerDefV10(String sourceName) {}

    /**
     * @param handlerFunction the handler
     * @param method the method it answers
     * @param path the path
     */
    public record RawHttpRouteDefV10(String handlerFunction, MethodOrAny method, String path) {}

    /** {@code MethodOrAny}. */
    public sealed interface MethodOrAny permits Any, Method {}

    /** Any method. */
    public record Any() implements MethodOrAny {}

    /** @param method one method */
    public record Method(HttpMethod method) implements MethodOrAny {}

    /** {@code HttpMethod}. */
    public sealed interface HttpMethod permits Get, Head, Post, Put, Delete, Connect, Options, Trace, Patch,
            Extension {}

    /** GET. */
    public record Get() implements HttpMethod {}

    /** HEAD. */
    public record Head() implements HttpMethod {}

    /** POST. */
    public record Post() implements HttpMethod {}

    /** PUT. */
    public record Put() implements HttpMethod {}

    /** DELETE. */
    public record Delete() implements HttpMethod {}

    /** CONNECT. */
    public record Connect() implements HttpMethod {}

    /** OPTIONS. */
    public record Options() implements HttpMethod {}

    /** TRACE. */
    public record Trace() implements HttpMethod {}

    /** PATCH. */
    public record Patch() implements HttpMethod {}

    /** @param method another method */
    public record Extension(String method) implements HttpMethod {}

    /**
     * @param namespace where it is mounted
     * @param module its definition
     */
    public record RawSubmoduleV10(String namespace, RawModuleDefV10 module) {}
}
