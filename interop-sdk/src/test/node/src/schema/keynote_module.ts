// Warden's own TypeScript definition of the keynote benchmark's table and reducers (the shape of
// dev.warden.examples.keynote.Keynote), with empty bodies: only its RawModuleDef is used.
import { schema, t, table } from 'spacetimedb/server';

const spacetimedb = schema({
  accounts: table({ name: 'accounts', public: true }, { id: t.u32().primaryKey().index('hash'), balance: t.i64() }),
});
export default spacetimedb;

export const seed = spacetimedb.reducer({ n: t.u32(), initialBalance: t.i64() }, () => {});
export const transfer = spacetimedb.reducer({ from: t.u32(), to: t.u32(), amount: t.i64() }, () => {});
