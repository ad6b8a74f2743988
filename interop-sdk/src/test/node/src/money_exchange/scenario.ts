// Drives SpacetimeDB's TypeScript client SDK, with the bindings Warden generates for its port of the money exchange
// template's module (MoneyExchange, the template's bindings but for the views' primary keys) for MoneyExchangeSdkTest:
//
//   node out/money_exchange/scenario.js <scenario>
//
// The contract (environment, JSON lines, exit codes) is driver.ts's.
import { Identity, type Timestamp } from 'spacetimedb';
import { type Json, errorJson, main, outcome, print, token, required, until } from '../driver.js';
import { DbConnection, type EventContext, tables } from './module_bindings/index.js';

const uri = required('WARDEN_URI');
const database = required('WARDEN_DB');

interface Connected {
  conn: DbConnection;
  identity: Identity;
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

/** What the template's App subscribes to, through useTable: its three tables, with the typed query builder. */
function subscribeAsTheApp(c: Connected): Promise<void> {
  return new Promise((resolve, reject) => {
    c.conn
      .subscriptionBuilder()
      .onApplied(() => resolve())
      .onError(ctx => reject(ctx.event ?? new Error('subscription error')))
      .subscribe([tables.myAccount, tables.directory, tables.myAccountChanges]);
  });
}

function subscribeSql(c: Connected, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    c.conn
      .subscriptionBuilder()
      .onApplied(() => resolve())
      .onError(ctx => reject(ctx.event ?? new Error('subscription error')))
      .subscribe(query);
  });
}

type Change = {
  id: bigint;
  accountIdentity: Identity;
  counterpartyIdentity: Identity;
  direction: { tag: 'Credit' } | { tag: 'Debit' };
  amountCents: bigint;
  createdAt: Timestamp;
};

function account(c: Connected): Json[] {
  return Array.from(c.conn.db.myAccount.iter()).map(a => ({
    identity: a.identity.toHexString(),
    balanceCents: a.balanceCents.toString(),
  }));
}

function directory(c: Connected): Json[] {
  return Array.from(c.conn.db.directory.iter())
    .map(d => ({ identity: d.identity.toHexString(), name: d.name, nameKey: d.nameKey }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function change(ch: Change): { [key: string]: Json } {
  return {
    id: ch.id.toString(),
    accountIdentity: ch.accountIdentity.toHexString(),
    counterpartyIdentity: ch.counterpartyIdentity.toHexString(),
    direction: ch.direction.tag,
    amountCents: ch.amountCents.toString(),
    createdAtMicros: ch.createdAt.microsSinceUnixEpoch.toString(),
  };
}

function changes(c: Connected): Json[] {
  return Array.from(c.conn.db.myAccountChanges.iter()).map(change);
}

function event(ctx: EventContext): string {
  return ctx.event.tag;
}

function balance(c: Connected): bigint | undefined {
  return Array.from(c.conn.db.myAccount.iter())[0]?.balanceCents;
}

const scenarios: { [name: string]: () => Promise<void> } = {
  // The template's App, step by step: the account opened on connect, the name form (with its refusals), a second
  // client, the transfer form (with its refusals), a transfer seen by both sides, and a rename seen by the other.
  async exchange() {
    const ada = await connect(token('ada'));
    await subscribeAsTheApp(ada);
    print('opened', { caller: 'ada', identity: ada.identity.toHexString(), account: account(ada),
      directory: directory(ada), changes: changes(ada) });
    print('set_name', { caller: 'ada', value: '   ', ...(await outcome(ada.conn.reducers.setName({ name: '   ' }))) });
    print('set_name', { caller: 'ada', value: ' Ada ', ...(await outcome(ada.conn.reducers.setName({ name: ' Ada ' }))) });

    const bob = await connect(token('bob'));
    await subscribeAsTheApp(bob);
    print('opened', { caller: 'bob', identity: bob.identity.toHexString(), account: account(bob),
      directory: directory(bob), changes: changes(bob) });
    print('set_name', { caller: 'bob', value: 'ADA', ...(await outcome(bob.conn.reducers.setName({ name: 'ADA' }))) });
    print('set_name', { caller: 'bob', value: 'Bob', ...(await outcome(bob.conn.reducers.setName({ name: 'Bob' }))) });
    await until(() => ada.conn.db.directory.count() === 2n);

    const accountEvents: Json[] = [];
    ada.conn.db.myAccount.onInsert((ctx, a) =>
      accountEvents.push({ callback: 'insert', balanceCents: a.balanceCents.toString(), event: event(ctx) })
    );
    ada.conn.db.myAccount.onDelete((ctx, a) =>
      accountEvents.push({ callback: 'delete', balanceCents: a.balanceCents.toString(), event: event(ctx) })
    );
    ada.conn.db.myAccount.onUpdate((ctx, old, a) =>
      accountEvents.push({
        callback: 'update',
        old: old.balanceCents.toString(),
        balanceCents: a.balanceCents.toString(),
        event: event(ctx),
      })
    );
    const refused: Json[] = [];
    for (const [recipient, amountCents] of [
      [ada.identity, 1n],
      [bob.identity, 0n],
      [bob.identity, 10_001n],
    ] as [Identity, bigint][]) {
      refused.push({ amountCents: amountCents.toString(),
        ...(await outcome(ada.conn.reducers.transfer({ recipient, amountCents }))) });
    }
    print('refused_transfers', { transfers: refused });
    print('transfer', await outcome(ada.conn.reducers.transfer({ recipient: bob.identity, amountCents: 1234n })));
    await until(() => balance(ada) === 8_766n && balance(bob) === 11_234n);
    await until(() => ada.conn.db.myAccountChanges.count() === 1n && bob.conn.db.myAccountChanges.count() === 1n);
    print('after_transfer', {
      ada: { account: account(ada), changes: changes(ada) },
      bob: { account: account(bob), changes: changes(bob) },
      accountEvents,
    });

    const directoryEvents: Json[] = [];
    bob.conn.db.directory.onInsert((ctx, d) => directoryEvents.push({ callback: 'insert', name: d.name, event: event(ctx) }));
    bob.conn.db.directory.onDelete((ctx, d) => directoryEvents.push({ callback: 'delete', name: d.name, event: event(ctx) }));
    bob.conn.db.directory.onUpdate((ctx, old, d) =>
      directoryEvents.push({ callback: 'update', old: old.name, name: d.name, nameKey: d.nameKey, event: event(ctx) })
    );
    print('set_name', { caller: 'ada', value: 'Adelaide',
      ...(await outcome(ada.conn.reducers.setName({ name: 'Adelaide' }))) });
    await until(() => directoryEvents.length >= 1);
    print('directory', { bob: directory(bob), events: directoryEvents });
    ada.conn.disconnect();
    bob.conn.disconnect();
  },

  // The private tables: a client cannot subscribe to them, not even for its own rows.
  async private() {
    const ada = await connect(token('ada'));
    for (const query of ['SELECT * FROM account', 'SELECT * FROM account_change']) {
      try {
        await subscribeSql(ada, query);
        print('subscription', { query, outcome: 'applied', account: account(ada) });
      } catch (e) {
        print('subscription', { query, outcome: 'error', ...errorJson(e) });
      }
    }
    ada.conn.disconnect();
  },
};

void main(scenarios);
