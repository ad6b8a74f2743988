// The client bindings `spacetime generate --lang typescript` wrote for the money exchange, copied from
// templates/money-exchange-react-ts/src/module_bindings/index.ts
// (clockworklabs/SpacetimeDB fb7282411b0b) unchanged but for this header and the .js extension of relative
// imports, which Node's ES modules need. The template's own client uses them; here they talk to Warden's port
// dev.warden.examples.bank.MoneyExchange (examples), which keeps every table, column order and type, and reducer
// signature they declare.

// This was generated using spacetimedb cli version 2.2.0 (commit d62295d89cb41be71b927b62522b8a405ae08a21).

/* eslint-disable */
/* tslint:disable */
import {
  DbConnectionBuilder as __DbConnectionBuilder,
  DbConnectionImpl as __DbConnectionImpl,
  SubscriptionBuilderImpl as __SubscriptionBuilderImpl,
  TypeBuilder as __TypeBuilder,
  Uuid as __Uuid,
  convertToAccessorMap as __convertToAccessorMap,
  makeQueryBuilder as __makeQueryBuilder,
  procedureSchema as __procedureSchema,
  procedures as __procedures,
  reducerSchema as __reducerSchema,
  reducers as __reducers,
  schema as __schema,
  t as __t,
  table as __table,
  type AlgebraicTypeType as __AlgebraicTypeType,
  type DbConnectionConfig as __DbConnectionConfig,
  type ErrorContextInterface as __ErrorContextInterface,
  type Event as __Event,
  type EventContextInterface as __EventContextInterface,
  type Infer as __Infer,
  type QueryBuilder as __QueryBuilder,
  type ReducerEventContextInterface as __ReducerEventContextInterface,
  type RemoteModule as __RemoteModule,
  type SubscriptionEventContextInterface as __SubscriptionEventContextInterface,
  type SubscriptionHandleImpl as __SubscriptionHandleImpl,
} from 'spacetimedb';

// Import all reducer arg schemas
import SetNameReducer from './set_name_reducer.js';
import TransferReducer from './transfer_reducer.js';

// Import all procedure arg schemas

// Import all table schema definitions
import DirectoryRow from './directory_table.js';
import MyAccountRow from './my_account_table.js';
import MyAccountChangesRow from './my_account_changes_table.js';

/** Type-only namespace exports for generated type groups. */

/** The schema information for all tables in this module. This is defined the same was as the tables would have been defined in the server. */
const tablesSchema = __schema({
  directory: __table(
    {
      name: 'directory',
      indexes: [
        {
          accessor: 'identity',
          name: 'directory_identity_idx_btree',
          algorithm: 'btree',
          columns: ['identity'],
        },
        {
          accessor: 'nameKey',
          name: 'directory_name_key_idx_btree',
          algorithm: 'btree',
          columns: ['nameKey'],
        },
      ],
      constraints: [
        {
          name: 'directory_identity_key',
          constraint: 'unique',
          columns: ['identity'],
        },
        {
          name: 'directory_name_key_key',
          constraint: 'unique',
          columns: ['nameKey'],
        },
      ],
    },
    DirectoryRow
  ),
  myAccount: __table(
    {
      name: 'my_account',
      indexes: [],
      constraints: [],
    },
    MyAccountRow
  ),
  myAccountChanges: __table(
    {
      name: 'my_account_changes',
      indexes: [],
      constraints: [],
    },
    MyAccountChangesRow
  ),
});

/** The schema information for all reducers in this module. This is defined the same way as the reducers would have been defined in the server, except the body of the reducer is omitted in code generation. */
const reducersSchema = __reducers(
  __reducerSchema('set_name', SetNameReducer),
  __reducerSchema('transfer', TransferReducer)
);

/** The schema information for all procedures in this module. This is defined the same way as the procedures would have been defined in the server. */
const proceduresSchema = __procedures();

type __SchemaWithTableAccessorAliases = Omit<
  typeof tablesSchema.schemaType,
  'tables'
> & {
  tables: typeof tablesSchema.schemaType.tables & {
    /** @deprecated Use `myAccount` instead. This alias will be removed in the next major version. */
    readonly my_account: Omit<
      (typeof tablesSchema.schemaType.tables)['myAccount'],
      'accessorName'
    > & { readonly accessorName: 'my_account' };
    /** @deprecated Use `myAccountChanges` instead. This alias will be removed in the next major version. */
    readonly my_account_changes: Omit<
      (typeof tablesSchema.schemaType.tables)['myAccountChanges'],
      'accessorName'
    > & { readonly accessorName: 'my_account_changes' };
  };
};

/** The remote SpacetimeDB module schema, both runtime and type information. */
const REMOTE_MODULE = {
  versionInfo: {
    cliVersion: '2.2.0' as const,
  },
  tables: tablesSchema.schemaType
    .tables as __SchemaWithTableAccessorAliases['tables'],
  reducers: reducersSchema.reducersType.reducers,
  ...proceduresSchema,
} satisfies __RemoteModule<
  __SchemaWithTableAccessorAliases,
  typeof reducersSchema.reducersType,
  typeof proceduresSchema
>;

const tableAccessorAliases = {
  my_account: 'myAccount',
  my_account_changes: 'myAccountChanges',
} as const;

function __withTableAccessorAliases<T extends object>(
  target: T,
  freeze = false
): T {
  const out = Object.create(Object.getPrototypeOf(target)) as T &
    Record<string, unknown>;
  Object.defineProperties(out, Object.getOwnPropertyDescriptors(target));
  for (const [deprecatedAccessor, targetAccessor] of Object.entries(
    tableAccessorAliases
  )) {
    if (deprecatedAccessor in out) {
      continue;
    }
    Object.defineProperty(out, deprecatedAccessor, {
      enumerable: true,
      configurable: false,
      get: () => out[targetAccessor],
    });
  }
  return freeze ? Object.freeze(out) : out;
}

type __DbViewBase = __DbConnectionImpl<typeof REMOTE_MODULE>['db'];
export type DbView = __DbViewBase & {
  /** @deprecated Use `myAccount` instead. This alias will be removed in the next major version. */
  readonly my_account: __DbViewBase['myAccount'];
  /** @deprecated Use `myAccountChanges` instead. This alias will be removed in the next major version. */
  readonly my_account_changes: __DbViewBase['myAccountChanges'];
};

type __TablesBase = __QueryBuilder<typeof tablesSchema.schemaType>;
export type Tables = __TablesBase & {
  /** @deprecated Use `myAccount` instead. This alias will be removed in the next major version. */
  readonly my_account: __TablesBase['myAccount'];
  /** @deprecated Use `myAccountChanges` instead. This alias will be removed in the next major version. */
  readonly my_account_changes: __TablesBase['myAccountChanges'];
};

/** The tables available in this remote SpacetimeDB module. Each table reference doubles as a query builder. */
const tablesBase: __TablesBase = __makeQueryBuilder(tablesSchema.schemaType);
export const tables: Tables = __withTableAccessorAliases(
  tablesBase,
  true
) as Tables;

/** The reducers available in this remote SpacetimeDB module. */
export const reducers = __convertToAccessorMap(
  reducersSchema.reducersType.reducers
);

/** The procedures available in this remote SpacetimeDB module. */
export const procedures = __convertToAccessorMap(proceduresSchema.procedures);

/** The context type returned in callbacks for all possible events. */
export type EventContext = Omit<
  __EventContextInterface<typeof REMOTE_MODULE>,
  'db'
> & { db: DbView };
/** The context type returned in callbacks for reducer events. */
export type ReducerEventContext = Omit<
  __ReducerEventContextInterface<typeof REMOTE_MODULE>,
  'db'
> & { db: DbView };
/** The context type returned in callbacks for subscription events. */
export type SubscriptionEventContext = Omit<
  __SubscriptionEventContextInterface<typeof REMOTE_MODULE>,
  'db'
> & { db: DbView };
/** The context type returned in callbacks for error events. */
export type ErrorContext = Omit<
  __ErrorContextInterface<typeof REMOTE_MODULE>,
  'db'
> & { db: DbView };
/** The subscription handle type to manage active subscriptions created from a {@link SubscriptionBuilder}. */
export type SubscriptionHandle = __SubscriptionHandleImpl<typeof REMOTE_MODULE>;

/** Builder class to configure a new subscription to the remote SpacetimeDB instance. */
export class SubscriptionBuilder extends __SubscriptionBuilderImpl<
  typeof REMOTE_MODULE
> {}

/** Builder class to configure a new database connection to the remote SpacetimeDB instance. */
export class DbConnectionBuilder extends __DbConnectionBuilder<DbConnection> {}

/** The typed database connection to manage connections to the remote SpacetimeDB instance. This class has type information specific to the generated module. */
export class DbConnection extends __DbConnectionImpl<typeof REMOTE_MODULE> {
  declare db: DbView;

  constructor(config: __DbConnectionConfig<typeof REMOTE_MODULE>) {
    super(config);
    this.db = __withTableAccessorAliases(this.db) as DbView;
  }

  /** Creates a new {@link DbConnectionBuilder} to configure and connect to the remote SpacetimeDB instance. */
  static builder = (): DbConnectionBuilder => {
    return new DbConnectionBuilder(
      REMOTE_MODULE,
      (config: __DbConnectionConfig<typeof REMOTE_MODULE>) =>
        new DbConnection(config)
    );
  };

  /** Creates a new {@link SubscriptionBuilder} to configure a subscription to the remote SpacetimeDB instance. */
  override subscriptionBuilder = (): SubscriptionBuilder => {
    return new SubscriptionBuilder(this);
  };
}
