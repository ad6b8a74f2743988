// The SQLite baseline: a Node HTTP server over better-sqlite3, as the keynote benchmark's sqlite_rpc server
// is: one file database in WAL mode with synchronous=NORMAL (what its default mode amounts to), a 64 MB page
// cache, and transfer(from, to, amount) as one transaction that reads both accounts, returns without a change
// when `from` cannot pay, and writes both balances.
//
//   node out/main.js serve-sqlite --port 4103 --file target/keynote/accounts.sqlite
import http from 'node:http';
import fs from 'node:fs';
import Database from 'better-sqlite3';

export function serveSqlite(port: number, file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -64000');
  db.exec('CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)');

  const both = db.prepare('SELECT id, balance FROM accounts WHERE id IN (?, ?)');
  const setBalance = db.prepare('UPDATE accounts SET balance = ? WHERE id = ?');
  const transfer = db.transaction((from: number, to: number, amount: number) => {
    const rows = both.all(from, to) as { id: number; balance: number }[];
    if (rows.length !== 2) throw new Error('account_missing');
    const fromRow = rows[0].id === from ? rows[0] : rows[1];
    const toRow = rows[0].id === from ? rows[1] : rows[0];
    if (fromRow.balance < amount) return;
    setBalance.run(fromRow.balance - amount, from);
    setBalance.run(toRow.balance + amount, to);
  });
  const insert = db.prepare('INSERT INTO accounts (id, balance) VALUES (?, ?)');
  const seed = db.transaction((count: number, initial: number) => {
    db.prepare('DELETE FROM accounts').run();
    for (let id = 0; id < count; id++) insert.run(id, initial);
  });
  const totals = db.prepare(
    'SELECT COUNT(*) AS count, COALESCE(SUM(balance), 0) AS total, SUM(balance != ?) AS changed FROM accounts'
  );

  function handle(name: unknown, args: Record<string, unknown>): unknown {
    switch (name) {
      case 'health':
        return { status: 'ok' };
      case 'transfer': {
        const from = Number(args.from_id);
        const to = Number(args.to_id);
        const amount = Number(args.amount);
        if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isFinite(amount)) {
          throw new Error('invalid transfer args');
        }
        if (from === to || amount <= 0) return undefined;
        transfer(from, to, amount);
        return undefined;
      }
      case 'seed': {
        const count = Number(args.accounts);
        const initial = Number(args.initialBalance);
        if (!Number.isInteger(count) || count <= 0 || !Number.isSafeInteger(initial)) throw new Error('invalid seed args');
        seed(count, initial);
        return { accounts: count };
      }
      case 'verify': {
        const initial = Number(args.initialBalance);
        return totals.get(initial);
      }
      default:
        throw new Error(`unknown method: ${String(name)}`);
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/rpc') {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      let answer: { ok: boolean; result?: unknown; error?: string };
      try {
        const request = JSON.parse(body) as { name?: unknown; args?: Record<string, unknown> };
        answer = { ok: true, result: handle(request.name, request.args ?? {}) };
      } catch (e) {
        answer = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      res.statusCode = answer.ok ? 200 : 500;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  server.listen(port, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${port}`));
}
