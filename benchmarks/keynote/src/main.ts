// Warden's keynote-style benchmark (issue 27), the Node side. benchmarks/keynote/run drives it:
//
//   node out/main.js serve-sqlite --port P --file F
//   node out/main.js run --target spacetime --name NAME --uri ws://127.0.0.1:P --database test-1 [--verify] ...
//   node out/main.js run --target rpc --name NAME --url http://127.0.0.1:P ...
//        ... --seconds S --accounts N --alpha A --clients C --depth D [--pairs K] --out results.jsonl
//   node out/main.js table results.jsonl
//
// `run` appends one JSON line per run to --out; `table` prints them as one markdown table with the ratios to the
// sqlite_rpc row and to the no-op ceiling row.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { run, type Result, type Target } from './load.js';
import { rpc, rpcCall } from './rpc.js';
import { check, spacetime, verifySpacetime } from './spacetime.js';
import { serveSqlite } from './sqlite_server.js';

/** The benchmark's SEED_INITIAL_BALANCE. */
const INITIAL_BALANCE = 1_000_000_000;

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    target: { type: 'string' },
    name: { type: 'string' },
    uri: { type: 'string' },
    database: { type: 'string', default: 'test-1' },
    url: { type: 'string' },
    port: { type: 'string' },
    file: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    accounts: { type: 'string', default: '100000' },
    alpha: { type: 'string', default: '0' },
    clients: { type: 'string', default: '32' },
    depth: { type: 'string', default: '1' },
    pairs: { type: 'string', default: '2000000' },
    seed: { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

function num(name: keyof typeof values): number {
  const v = Number(values[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, not ${String(values[name])}`);
  return v;
}

function need(name: keyof typeof values): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new Error(`--${name} is required`);
  return v;
}

async function runCommand(): Promise<void> {
  const accounts = num('accounts');
  let target: Target;
  if (values.target === 'spacetime') {
    target = spacetime(need('name'), need('uri'), need('database'));
  } else if (values.target === 'rpc') {
    const url = need('url');
    target = rpc(need('name'), url);
    if (values.seed) await rpcCall(url, 'seed', { accounts, initialBalance: INITIAL_BALANCE });
  } else {
    throw new Error('--target spacetime|rpc');
  }
  const result: Result & { verified?: string } = await run(target, {
    seconds: num('seconds'),
    accounts,
    alpha: num('alpha'),
    clients: num('clients'),
    depth: num('depth'),
    pairs: num('pairs'),
  });
  if (values.verify) {
    if (values.target === 'spacetime') {
      result.verified = await verifySpacetime(need('uri'), need('database'), accounts, BigInt(INITIAL_BALANCE));
    } else {
      const t = (await rpcCall(need('url'), 'verify', { initialBalance: INITIAL_BALANCE })) as {
        count: number;
        total: number;
        changed: number;
      };
      result.verified = check(t.count, BigInt(t.total), t.changed, accounts, BigInt(INITIAL_BALANCE));
    }
  }
  const line = JSON.stringify(result);
  console.log(line);
  if (values.out) fs.appendFileSync(values.out, line + '\n');
}

function fmt(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(file: string): void {
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => JSON.parse(l) as Result & { verified?: string });
  if (rows.length === 0) throw new Error(`no results in ${file}`);
  const sqlite = rows.find(r => r.target === 'sqlite_rpc');
  const ceiling = rows.find(r => r.target === 'no-op ceiling');
  const r0 = rows[0];
  console.log(
    `${fmt(r0.seconds)} s, ${fmt(r0.accounts)} accounts, alpha ${r0.alpha}, ${r0.clients} clients, ` +
      (r0.depth > 1 ? `pipelined ${r0.depth} deep` : 'not pipelined')
  );
  console.log('');
  console.log('| target | TPS | p50 ms | p99 ms | x sqlite_rpc | x no-op ceiling |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = (base?: Result) => (base && base.tps > 0 ? fmt(r.tps / base.tps, 2) : '');
    console.log(
      `| ${r.target} | ${fmt(r.tps)} | ${fmt(r.p50_ms, 2)} | ${fmt(r.p99_ms, 2)} | ${ratio(sqlite)} | ${ratio(ceiling)} |`
    );
  }
  for (const r of rows) {
    if (r.failed > 0) console.log(`\n${r.target}: ${r.failed} transfers failed (first: ${r.firstError})`);
    if (r.verified) console.log(`\n${r.target} after the run: ${r.verified}`);
  }
}

async function main(): Promise<void> {
  switch (command) {
    case 'serve-sqlite':
      serveSqlite(num('port'), need('file'));
      return;
    case 'run':
      await runCommand();
      return;
    case 'table':
      table(positionals[0] ?? need('out'));
      return;
    default:
      throw new Error('usage: main.js serve-sqlite | run | table (see the comment at the top of main.ts)');
  }
}

main().then(
  () => {
    if (command === 'run') process.exit(0);
  },
  e => {
    console.error(`keynote: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
);
