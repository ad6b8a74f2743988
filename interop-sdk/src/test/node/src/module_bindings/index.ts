// The bindings `spacetime generate --lang typescript` would write for the examples' chat module
// (examples/src/main/java/dev/warden/examples/ChatModule.java), written once by hand in the layout of
// SpacetimeDB 2.8.3's generator (templates/chat-react-ts/src/module_bindings in its repository).
// Change them with the module: a reducer's parameters or a row's fields in another order or of another
// type decode as garbage.

/* eslint-disable */
/* tslint:disable */
import {
  DbConnectionBuilder as __DbConnectionBuilder,
  DbConnectionImpl as __DbConnectionImpl,
  SubscriptionBuilderImpl as __SubscriptionBuilderImpl,
  convertToAccessorMap as __convertToAccessorMap,
  makeQueryBuilder as __makeQueryBuilder,
  procedureSchema as __procedureSchema,
  procedures as __procedures,
  reducerSchema as __reducerSchema,
  reducers as __reducers,
  schema as __schema,
  table as __table,
  type DbConnectionConfig as __DbConnectionConfig,
  type ErrorContextInterface as __ErrorContextInterface,
  type EventContextInterface as __EventContextInterface,
  type QueryBuilder as __QueryBuilder,
  type ReducerEventContextInterface as __ReducerEventContextInterface,
  type RemoteModule as __RemoteModule,
  type SubscriptionEventContextInterface as __SubscriptionEventContextInterface,
  type SubscriptionHandleImpl as __SubscriptionHandleImpl,
} from 'spacetimedb';

// Import all reducer arg schemas
import BanUserReducer from './ban_user_reducer.js';
import CreatePostReducer from './create_post_reducer.js';
import DeletePostReducer from './delete_post_reducer.js';
import SendMessageReducer from './send_message_reducer.js';
import UpdateProfileReducer from './update_profile_reducer.js';

// Import all procedure arg schemas
import * as ExportPostsProcedure from './export_posts_procedure.js';

// Import all table schema definitions
import MyMessagesRow from './my_messages_table.js';
import PostRow from './post_table.js';

/** The module's views as the client sees them: tables it can subscribe to. */
const tablesSchema = __schema({
  posts: __table(
    {
      name: 'posts',
      indexes: [],
      constraints: [],
    },
    PostRow
  ),
  myMessages: __table(
    {
      name: 'my_messages',
      indexes: [],
      constraints: [],
    },
    MyMessagesRow
  ),
});

/** The module's reducers, without their bodies. */
const reducersSchema = __reducers(
  __reducerSchema('ban_user', BanUserReducer),
  __reducerSchema('create_post', CreatePostReducer),
  __reducerSchema('delete_post', DeletePostReducer),
  __reducerSchema('send_message', SendMessageReducer),
  __reducerSchema('update_profile', UpdateProfileReducer)
);

/** The module's procedures. */
const proceduresSchema = __procedures(
  __procedureSchema('export_posts', ExportPostsProcedure.params, ExportPostsProcedure.returnType)
);

/** The remote module's schema, both runtime and type information. */
const REMOTE_MODULE = {
  versionInfo: {
    cliVersion: '2.8.3' as const,
  },
  tables: tablesSchema.schemaType.tables,
  reducers: reducersSchema.reducersType.reducers,
  ...proceduresSchema,
} satisfies __RemoteModule<
  typeof tablesSchema.schemaType,
  typeof reducersSchema.reducersType,
  typeof proceduresSchema
>;

/** The tables of this module. Each table reference doubles as a query builder. */
export const tables: __QueryBuilder<typeof tablesSchema.schemaType> =
  __makeQueryBuilder(tablesSchema.schemaType);

/** The reducers of this module. */
export const reducers = __convertToAccessorMap(
  reducersSchema.reducersType.reducers
);

/** The procedures of this module. */
export const procedures = __convertToAccessorMap(proceduresSchema.procedures);

/** The context type returned in callbacks for all possible events. */
export type EventContext = __EventContextInterface<typeof REMOTE_MODULE>;
/** The context type returned in callbacks for reducer events. */
export type ReducerEventContext = __ReducerEventContextInterface<
  typeof REMOTE_MODULE
>;
/** The context type returned in callbacks for subscription events. */
export type SubscriptionEventContext = __SubscriptionEventContextInterface<
  typeof REMOTE_MODULE
>;
/** The context type returned in callbacks for error events. */
export type ErrorContext = __ErrorContextInterface<typeof REMOTE_MODULE>;
/** The subscription handle type to manage active subscriptions created from a {@link SubscriptionBuilder}. */
export type SubscriptionHandle = __SubscriptionHandleImpl<typeof REMOTE_MODULE>;

/** Builder class to configure a new subscription. */
export class SubscriptionBuilder extends __SubscriptionBuilderImpl<
  typeof REMOTE_MODULE
> {}

/** Builder class to configure a new database connection. */
export class DbConnectionBuilder extends __DbConnectionBuilder<DbConnection> {}

/** The typed database connection of this module. */
export class DbConnection extends __DbConnectionImpl<typeof REMOTE_MODULE> {
  /** Creates a new {@link DbConnectionBuilder} to configure and connect to the host. */
  static builder = (): DbConnectionBuilder => {
    return new DbConnectionBuilder(
      REMOTE_MODULE,
      (config: __DbConnectionConfig<typeof REMOTE_MODULE>) =>
        new DbConnection(config)
    );
  };

  /** Creates a new {@link SubscriptionBuilder} to configure a subscription. */
  override subscriptionBuilder = (): SubscriptionBuilder => {
    return new SubscriptionBuilder(this);
  };
}
