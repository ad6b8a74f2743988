// Warden's own TypeScript definition of the money exchange's tables, views and reducers (the shape of
// dev.warden.examples.bank.MoneyExchange), with trivial bodies: only its RawModuleDef is used.
import { schema, t, table } from 'spacetimedb/server';

const directory = table(
  { name: 'directory', public: true },
  { identity: t.identity().primaryKey(), name: t.string(), nameKey: t.string().unique() }
);
const account = table(
  { name: 'account' },
  { identity: t.identity().primaryKey(), balanceCents: t.u64() }
);
const direction = t.enum('ChangeDirection', { Credit: t.unit(), Debit: t.unit() });
const accountChange = table(
  { name: 'account_change' },
  {
    id: t.u64().primaryKey().autoInc(),
    accountIdentity: t.identity().index('btree'),
    counterpartyIdentity: t.identity(),
    direction,
    amountCents: t.u64(),
    createdAt: t.timestamp(),
  }
);

const spacetimedb = schema({ directory, account, accountChange });
export default spacetimedb;

export const onConnect = spacetimedb.clientConnected(() => {});
export const my_account = spacetimedb.view(
  { name: 'my_account', public: true },
  account.rowType.optional(),
  () => undefined
);
export const my_account_changes = spacetimedb.view(
  { name: 'my_account_changes', public: true },
  t.array(accountChange.rowType),
  () => []
);
export const set_name = spacetimedb.reducer({ name: t.string() }, () => {});
export const transfer = spacetimedb.reducer({ recipient: t.identity(), amountCents: t.u64() }, () => {});
