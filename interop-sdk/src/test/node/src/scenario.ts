// Drives SpacetimeDB's TypeScript client SDK against a Warden host for SdkScenariosTest.
//
//   node out/scenario.js <scenario>
//
// Reads WARDEN_URI (ws://127.0.0.1:PORT), WARDEN_DB (the database name) and the callers' tokens from
// WARDEN_TOKEN_<NAME> (never from the command line, and never printed). Prints one JSON object per line on
// stdout, each with a "step"; the last line is {"step":"done"}. Any unexpected outcome ends the process with
// exit code 1 after a {"step":"failed"} line; a scenario that does not finish in time prints
// {"step":"timeout"} and exits with 2.
import { createHash } from 'node:crypto';
import { Identity } from 'spacetimedb';
import { DbConnection, tables } from './module_bindings/index.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const uri = required('WARDEN_URI');
const database = required('WARDEN_DB');
const scenario = process.argv[2] ?? '';
const deadlineMs = Number(process.env.WARDEN_DEADLINE_MS ?? '20000');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    fail(`environment variable ${name} is not set`);
  }
  return value;
}

function print(step: string, fields: { [key: string]: Json } = {}): void {
  process.stdout.write(JSON.stringify({ step, ...fields }) + '\n');
}

function fail(message: string): never {
  print('failed', { message });
  process.exit(1);
}

function token(name: string): string {
  return required(`WARDEN_TOKEN_${name.toUpperCase()}`);
}

/** A token's fingerprint and the claims that matter here: enough to compare tokens without printing one. */
function describeToken(jwt: string | undefined): { [key: string]: Json } {
  if (!jwt) {
    return { token: null };
  }
  const parts = jwt.split('.');
  const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as {
    [key: string]: Json;
  };
  return {
    tokenSha256: createHash('sha256').update(jwt).digest('hex'),
    iss: claims.iss ?? null,
    sub: claims.sub ?? null,
    hexIdentity: claims.hex_identity ?? null,
  };
}

function errorJson(e: unknown): { [key: string]: Json } {
  if (e instanceof Error) {
    return { name: e.name, message: e.message };
  }
  return { name: typeof e, message: String(e) };
}

interface Connected {
  conn: DbConnection;
  identity: Identity;
  token: string | undefined;
  /** Resolves when the connection closes, with the error the SDK gave, if any. */
  closed: Promise<Error | undefined>;
}

/** Connects, resolving on the host's InitialConnection and rejecting with the SDK's connect error. */
function connect(jwt?: string): Promise<Connected> {
  return new Promise((resolve, reject) => {
    let closedResolve!: (e: Error | undefined) => void;
    const closed = new Promise<Error | undefined>(r => (closedResolve = r));
    DbConnection.builder()
      .withUri(uri)
      .withDatabaseName(database)
      .withToken(jwt)
      .onConnect((conn, identity, tok) => resolve({ conn, identity, token: tok, closed }))
      .onConnectError((_ctx, error) => reject(error))
      .onDisconnect((_ctx, error) => {
        closedResolve(error);
        reject(error ?? new Error('disconnected before InitialConnection'));
      })
      .build();
  });
}

/**
 * Subscribes with SQL as SpacetimeDB's docs write it and as the SDK's subscribeToAllTables() sends it,
 * `SELECT * FROM posts`. (The typed builder, subscribe(tables.posts), sends `SELECT * FROM "posts"`: the
 * `allowed` scenario uses it.)
 */
function subscribe(c: Connected, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    c.conn
      .subscriptionBuilder()
      .onApplied(() => resolve())
      .onError(ctx => reject(ctx.event ?? new Error('subscription error')))
      .subscribe(query);
  });
}

function hex(identity: Identity): string {
  return identity.toHexString();
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

/** Runs a reducer call and reports its outcome as JSON, without throwing. */
async function outcome(call: Promise<void>): Promise<{ [key: string]: Json }> {
  try {
    await call;
    return { outcome: 'ok' };
  } catch (e) {
    return { outcome: 'error', ...errorJson(e) };
  }
}

function messageRows(c: Connected): Json[] {
  return Array.from(c.conn.db.myMessages.iter()).map(m => ({
    sender: hex(m.sender),
    recipient: hex(m.recipient),
    text: m.text,
  }));
}

const scenarios: { [name: string]: () => Promise<void> } = {
  // No token: the host mints an anonymous identity; reconnecting with the token it returned keeps it.
  async anonymous() {
    const first = await connect();
    print('connected', { identity: hex(first.identity), ...describeToken(first.token) });
    first.conn.disconnect();
    await first.closed;
    const again = await connect(first.token);
    print('reconnected', { identity: hex(again.identity) });
    again.conn.disconnect();
  },

  // Tokens from the mock issuer: the identity derives from iss and sub; roles decide ban_user.
  async roles() {
    const admin = await connect(token('admin'));
    print('connected', { caller: 'admin', identity: hex(admin.identity) });
    const user = await connect(token('user'));
    print('connected', { caller: 'user', identity: hex(user.identity) });
    const target = process.env.WARDEN_BAN_TARGET ?? fail('WARDEN_BAN_TARGET is not set');
    print('ban_user', { caller: 'admin', ...(await outcome(admin.conn.reducers.banUser({ identityHex: target }))) });
    print('ban_user', { caller: 'user', ...(await outcome(user.conn.reducers.banUser({ identityHex: target }))) });
    admin.conn.disconnect();
    user.conn.disconnect();
  },

  // An allowed reducer: success, and the subscribed view's new row arrives.
  async allowed() {
    const user = await connect(token('user'));
    // the typed query builder, which sends SELECT * FROM "posts" (quoted)
    await new Promise<void>((resolve, reject) =>
      user.conn
        .subscriptionBuilder()
        .onApplied(() => resolve())
        .onError(ctx => reject(ctx.event ?? new Error('subscription error')))
        .subscribe(tables.posts)
    );
    print('subscribed', { rows: Number(user.conn.db.posts.count()) });
    const inserted = new Promise<{ [key: string]: Json }>(resolve =>
      user.conn.db.posts.onInsert((_ctx, row) =>
        resolve({ id: row.id.toString(), author: hex(row.author), text: row.text })
      )
    );
    print('create_post', await outcome(user.conn.reducers.createPost({ text: 'hello from the SDK' })));
    print('insert', await inserted);
    print('cache', { rows: Number(user.conn.db.posts.count()) });
    user.conn.disconnect();
  },

  // A denied reducer: the SDK's error carries Warden's reason, and nothing changes.
  async denied() {
    const anonymous = await connect();
    await subscribe(anonymous, 'SELECT * FROM posts');
    let inserts = 0;
    anonymous.conn.db.posts.onInsert(() => inserts++);
    print('create_post', {
      caller: 'anonymous',
      identity: hex(anonymous.identity),
      ...(await outcome(anonymous.conn.reducers.createPost({ text: 'not allowed' }))),
    });
    const user = await connect(token('user'));
    print('ban_user', {
      caller: 'user',
      identity: hex(user.identity),
      ...(await outcome(user.conn.reducers.banUser({ identityHex: hex(anonymous.identity) }))),
    });
    await sleep(300);
    print('cache', { rows: Number(anonymous.conn.db.posts.count()), inserts });
    anonymous.conn.disconnect();
    user.conn.disconnect();
  },

  // A reducer the module does not have, called by name as an out-of-date client would.
  async unknown() {
    const user = await connect(token('user'));
    print('no_such_reducer', await outcome(user.conn.callReducer('no_such_reducer', new Uint8Array(0))));
    user.conn.disconnect();
  },

  // Two callers subscribed to the same view see different rows: each only the messages addressed to them.
  async visibility() {
    const alice = await connect(token('alice'));
    const bob = await connect(token('bob'));
    await subscribe(alice, 'SELECT * FROM my_messages');
    await subscribe(bob, 'SELECT * FROM my_messages');
    print('subscribed', { alice: messageRows(alice), bob: messageRows(bob) });
    const aliceGot = new Promise<void>(r => alice.conn.db.myMessages.onInsert(() => r()));
    const bobGot = new Promise<void>(r => bob.conn.db.myMessages.onInsert(() => r()));
    print('send_message', {
      caller: 'alice',
      ...(await outcome(alice.conn.reducers.sendMessage({ toHex: hex(bob.identity), text: 'hi bob' }))),
    });
    print('send_message', {
      caller: 'bob',
      ...(await outcome(bob.conn.reducers.sendMessage({ toHex: hex(alice.identity), text: 'hi alice' }))),
    });
    await Promise.all([aliceGot, bobGot]);
    // Room for a row that should not come to arrive.
    await sleep(300);
    print('rows', {
      alice: messageRows(alice),
      aliceIdentity: hex(alice.identity),
      bob: messageRows(bob),
      bobIdentity: hex(bob.identity),
    });
    alice.conn.disconnect();
    bob.conn.disconnect();
  },

  // A refreshed token for the same user on reconnect: a different token, the same identity.
  async refresh() {
    const first = await connect(token('first'));
    print('connected', { identity: hex(first.identity), ...describeToken(token('first')) });
    first.conn.disconnect();
    await first.closed;
    const second = await connect(token('second'));
    print('reconnected', { identity: hex(second.identity), ...describeToken(token('second')) });
    second.conn.disconnect();
  },

  // A token the host rejects: the SDK reports a connect error and never connects.
  async rejected() {
    try {
      const c = await connect(token('bad'));
      print('connected', { identity: hex(c.identity) });
      c.conn.disconnect();
    } catch (e) {
      print('connect_error', errorJson(e));
    }
  },
};

async function main(): Promise<void> {
  const run = scenarios[scenario];
  if (!run) {
    fail(`unknown scenario '${scenario}'; known: ${Object.keys(scenarios).join(', ')}`);
  }
  const timer = setTimeout(() => {
    print('timeout', { afterMs: deadlineMs });
    process.exit(2);
  }, deadlineMs);
  try {
    await run();
  } catch (e) {
    fail(`${scenario}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  clearTimeout(timer);
  print('done');
  // Open sockets and the SDK's timers must not keep the process alive past the scenario.
  process.exit(0);
}

void main();
