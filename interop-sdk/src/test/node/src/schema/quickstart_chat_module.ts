// Warden's own TypeScript definition of the quickstart chat's tables and reducers (the shape of
// dev.warden.examples.quickstart.QuickstartChat), with empty bodies: only its RawModuleDef is used.
import { schema, t, table } from 'spacetimedb/server';

const user = table(
  { name: 'user', public: true },
  { identity: t.identity().primaryKey(), name: t.string().optional(), online: t.bool() }
);
const message = table(
  { name: 'message', public: true },
  { sender: t.identity(), sent: t.timestamp(), text: t.string() }
);

const spacetimedb = schema({ user, message });
export default spacetimedb;

export const set_name = spacetimedb.reducer({ name: t.string() }, () => {});
export const send_message = spacetimedb.reducer({ text: t.string() }, () => {});
export const init = spacetimedb.init(() => {});
export const onConnect = spacetimedb.clientConnected(() => {});
export const onDisconnect = spacetimedb.clientDisconnected(() => {});
