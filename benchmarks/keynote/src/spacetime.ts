// The Warden host's target: SpacetimeDB's own TypeScript SDK over its WebSocket protocol, one connection per
// worker, anonymous as the keynote benchmark's clients are, uncompressed and with confirmed reads (the
// benchmark's defaults), calling transfer through the module's bindings.
import { DbConnection } from './module_bindings/index.js';
import type { Client, Target } from './load.js';

function connection(uri: string, database: string): Promise<DbConnection> {
  return new Promise((resolve, reject) => {
    DbConnection.builder()
      .withUri(uri)
      .withDatabaseName(database)
      .withCompression('none')
      .withConfirmedReads(true)
      .onConnect(conn => resolve(conn as DbConnection))
      .onConnectError((_ctx, e) => reject(e instanceof Error ? e : new Error(String(e))))
      .build();
  });
}

export function spacetime(name: string, uri: string, database: string): Target {
  return {
    name,
    async connect(): Promise<Client> {
      const conn = await connection(uri, database);
      return {
        transfer: (from, to, amount) => conn.reducers.transfer({ from, to, amount: BigInt(amount) }),
        close: async () => conn.disconnect(),
      };
    },
  };
}

/** After a run: every account's balance through one subscription, as the benchmark's VERIFY does. */
export async function verifySpacetime(uri: string, database: string, accounts: number, initial: bigint): Promise<string> {
  const conn = await connection(uri, database);
  try {
    await new Promise<void>((resolve, reject) =>
      conn
        .subscriptionBuilder()
        .onApplied(() => resolve())
        .onError(ctx => reject(new Error(`subscription failed: ${String(ctx.event?.message ?? ctx.event)}`)))
        .subscribe(['SELECT * FROM accounts'])
    );
    let count = 0;
    let total = 0n;
    let changed = 0;
    for (const row of conn.db.accounts.iter()) {
      count++;
      total += row.balance;
      if (row.balance !== initial) changed++;
    }
    return check(count, total, changed, accounts, initial);
  } finally {
    conn.disconnect();
  }
}

export function check(count: number, total: bigint, changed: number, accounts: number, initial: bigint): string {
  if (count !== accounts) throw new Error(`verify: ${count} accounts, expected ${accounts}`);
  if (total !== initial * BigInt(accounts)) throw new Error(`verify: total ${total}, expected ${initial * BigInt(accounts)}`);
  if (changed === 0) throw new Error('verify: no balance changed');
  return `${count} accounts, total conserved, ${changed} changed`;
}
