// Client bindings for the keynote benchmark's module as Warden serves it
// (examples/src/main/java/dev/warden/examples/keynote/Keynote.java, and the no-op twin
// benchmarks/src/main/java/dev/warden/benchmarks/keynote/NoopKeynote.java, whose transfer has the same
// parameters). Written by hand, the minimum the SDK needs: the accounts table and the two reducers.
// A reducer's parameters are sent as the BSATN product in this order: change them with the module.

/* eslint-disable */
import {
  DbConnectionBuilder as __DbConnectionBuilder,
  DbConnectionImpl as __DbConnectionImpl,
  SubscriptionBuilderImpl as __SubscriptionBuilderImpl,
  convertToAccessorMap as __convertToAccessorMap,
  procedures as __procedures,
  reducerSchema as __reducerSchema,
  reducers as __reducers,
  schema as __schema,
  t as __t,
  table as __table,
  type DbConnectionConfig as __DbConnectionConfig,
  type RemoteModule as __RemoteModule,
} from 'spacetimedb';

/** A row of `accounts`: the record Keynote.Account (id u32, balance i64). */
const AccountRow = __t.row({
  id: __t.u32().primaryKey(),
  balance: __t.i64(),
});

const tablesSchema = __schema({
  accounts: __table({ name: 'accounts', indexes: [], constraints: [] }, AccountRow),
});

const reducersSchema = __reducers(
  // seed(n: u32, initialBalance: i64)
  __reducerSchema('seed', { n: __t.u32(), initialBalance: __t.i64() }),
  // transfer(from: u32, to: u32, amount: i64)
  __reducerSchema('transfer', { from: __t.u32(), to: __t.u32(), amount: __t.i64() })
);

const proceduresSchema = __procedures();

const REMOTE_MODULE = {
  versionInfo: { cliVersion: '2.10.1' as const },
  tables: tablesSchema.schemaType.tables,
  reducers: reducersSchema.reducersType.reducers,
  ...proceduresSchema,
} satisfies __RemoteModule<
  typeof tablesSchema.schemaType,
  typeof reducersSchema.reducersType,
  typeof proceduresSchema
>;

/** The reducers, by their accessor names. */
export const reducers = __convertToAccessorMap(reducersSchema.reducersType.reducers);

/** Builder of a subscription on this module. */
export class SubscriptionBuilder extends __SubscriptionBuilderImpl<typeof REMOTE_MODULE> {}

/** Builder of a connection to this module. */
export class DbConnectionBuilder extends __DbConnectionBuilder<DbConnection> {}

/** A typed connection to this module. */
export class DbConnection extends __DbConnectionImpl<typeof REMOTE_MODULE> {
  static builder = (): DbConnectionBuilder =>
    new DbConnectionBuilder(
      REMOTE_MODULE,
      (config: __DbConnectionConfig<typeof REMOTE_MODULE>) => new DbConnection(config)
    );

  override subscriptionBuilder = (): SubscriptionBuilder => new SubscriptionBuilder(this);
}
