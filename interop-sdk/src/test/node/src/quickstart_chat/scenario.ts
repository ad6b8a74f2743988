// Drives SpacetimeDB's TypeScript client SDK, with the bindings Warden generates for its port of the quickstart chat
// module (QuickstartChat; the template's own bindings, byte for byte), against that port for QuickstartChatSdkTest:
//
//   node out/quickstart_chat/scenario.js <scenario>
//
// The contract (environment, JSON lines, exit codes) is driver.ts's.
import { Identity, type Timestamp } from 'spacetimedb';
import { type Json, main, outcome, print, token, required, until } from '../driver.js';
import { DbConnection, type EventContext } from './module_bindings/index.js';

const uri = required('WARDEN_URI');
const database = required('WARDEN_DB');

interface Connected {
  conn: DbConnection;
  identity: Identity;
  /** Resolves when the connection closes. */
  closed: Promise<Error | undefined>;
}

function connect(jwt: string): Promise<Connected> {
  return new Promise((resolve, reject) => {
    let closedResolve!: (e: Error | undefined) => void;
    const closed = new Promise<Error | undefined>(r => (closedResolve = r));
    DbConnection.builder()
      .withUri(uri)
      .withDatabaseName(database)
      .withToken(jwt)
      .onConnect((conn, identity) => resolve({ conn, identity, closed }))
      .onConnectError((_ctx, error) => reject(error))
      .onDisconnect((_ctx, error) => {
        closedResolve(error);
        reject(error ?? new Error('disconnected before InitialConnection'));
      })
      .build();
  });
}

/** Subscribes with SQL, as SpacetimeDB's quickstart writes it. */
function subscribe(c: Connected, queries: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    c.conn
      .subscriptionBuilder()
      .onApplied(() => resolve())
      .onError(ctx => reject(ctx.event ?? new Error('subscription error')))
      .subscribe(queries);
  });
}

type User = { identity: Identity; name: string | undefined; online: boolean };
type Message = { sender: Identity; sent: Timestamp; text: string };

function user(u: User): { [key: string]: Json } {
  return { identity: u.identity.toHexString(), name: u.name ?? null, online: u.online };
}

function message(m: Message): { [key: string]: Json } {
  return { sender: m.sender.toHexString(), sentMicros: m.sent.microsSinceUnixEpoch.toString(), text: m.text };
}

/** How the row's change reached the client: the caller's own reducer (with its timestamp), or another's. */
function event(ctx: EventContext): { [key: string]: Json } {
  const e = ctx.event;
  if (e.tag === 'Reducer') {
    return { event: 'Reducer', reducer: e.value.reducer.name, micros: e.value.timestamp.microsSinceUnixEpoch.toString() };
  }
  return { event: e.tag };
}

function users(c: Connected): Json[] {
  return Array.from(c.conn.db.user.iter()).map(user);
}

function messages(c: Connected): Json[] {
  return Array.from(c.conn.db.message.iter()).map(message);
}

const scenarios: { [name: string]: () => Promise<void> } = {
  // The template's integration test, and what its UI shows: connect, subscribe to both tables, a second client
  // comes and goes, set_name and send_message with the original's refusals. Every callback of the user table
  // is recorded: a name change and the online flag must arrive as updates of the same row.
  async chat() {
    const alice = await connect(token('alice'));
    await subscribe(alice, ['SELECT * FROM user', 'SELECT * FROM message']);
    print('subscribed', { identity: alice.identity.toHexString(), users: users(alice), messages: messages(alice) });

    const userEvents: Json[] = [];
    alice.conn.db.user.onInsert((ctx, row) => userEvents.push({ callback: 'insert', row: user(row), ...event(ctx) }));
    alice.conn.db.user.onDelete((ctx, row) => userEvents.push({ callback: 'delete', row: user(row), ...event(ctx) }));
    alice.conn.db.user.onUpdate((ctx, old, row) =>
      userEvents.push({ callback: 'update', old: user(old), row: user(row), ...event(ctx) })
    );
    const messageEvents: Json[] = [];
    alice.conn.db.message.onInsert((ctx, row) => messageEvents.push({ row: message(row), ...event(ctx) }));

    const bob = await connect(token('bob'));
    await until(() => userEvents.length >= 1);
    print('set_name', { value: '', ...(await outcome(alice.conn.reducers.setName({ name: '' }))) });
    print('set_name', { value: 'TestUser', ...(await outcome(alice.conn.reducers.setName({ name: 'TestUser' }))) });
    await until(() => userEvents.length >= 2);
    print('send_message', { text: '', ...(await outcome(alice.conn.reducers.sendMessage({ text: '' }))) });
    print('send_message', {
      text: 'Hello from GH Actions!',
      ...(await outcome(alice.conn.reducers.sendMessage({ text: 'Hello from GH Actions!' }))),
    });
    print('send_message', {
      caller: 'bob',
      ...(await outcome(bob.conn.reducers.sendMessage({ text: 'Hi TestUser' }))),
    });
    await until(() => messageEvents.length >= 2);
    bob.conn.disconnect();
    await bob.closed;
    await until(() => userEvents.length >= 3);
    print('user_events', { events: userEvents });
    print('message_events', { events: messageEvents });
    print('rows', { users: users(alice), messages: messages(alice) });
    alice.conn.disconnect();
  },

  // A client that comes back finds its row, name kept, online again: one row per identity.
  async returning() {
    const first = await connect(token('alice'));
    print('set_name', await outcome(first.conn.reducers.setName({ name: 'Alice' })));
    first.conn.disconnect();
    await first.closed;
    const again = await connect(token('alice'));
    await subscribe(again, ['SELECT * FROM user']);
    print('rows', { users: users(again) });
    again.conn.disconnect();
  },
};

void main(scenarios);
