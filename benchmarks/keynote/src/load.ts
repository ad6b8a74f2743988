// The load generator, the same for every target, with the keynote benchmark's semantics: N workers, each with its
// own connection, each doing transfer(from, to, 1) with pairs drawn before the run (zipf.ts), one at a time or up
// to `depth` in flight; a run of S seconds counts the transfers that succeeded and completed inside the window
// (TPS = that / S) and takes their latencies (p50, p99). Transfers still in flight at the end are waited for but
// not counted. Each call has a deadline: the time left in the window plus 1 s, at least 250 ms, at most 15 s.
import { performance } from 'node:perf_hooks';
import { transferPairs } from './zipf.js';

/** One worker's connection. */
export interface Client {
  transfer(from: number, to: number, amount: number): Promise<void>;
  close(): Promise<void>;
}

/** A system under test: how a worker connects. */
export interface Target {
  name: string;
  connect(worker: number): Promise<Client>;
}

export interface Options {
  seconds: number;
  accounts: number;
  alpha: number;
  clients: number;
  /** transfers in flight per worker: 1 is not pipelined */
  depth: number;
  /** pairs drawn before the run, shared out among the workers (each wraps around its share) */
  pairs: number;
}

export interface Result {
  target: string;
  seconds: number;
  accounts: number;
  alpha: number;
  clients: number;
  depth: number;
  /** transfers that succeeded inside the window */
  ok: number;
  /** transfers that failed or missed their deadline, anywhere in the run */
  failed: number;
  firstError: string | null;
  tps: number;
  p50_ms: number;
  p99_ms: number;
}

class Deadline extends Error {}

function withDeadline(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`no answer within ${Math.round(ms)} ms`)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

/** Latencies in ms, growing as needed. */
class Samples {
  private values = new Float64Array(1 << 16);
  size = 0;
  add(v: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = v;
  }
  /** The smallest value with at least p % of the samples at or below it (0 if none). */
  percentiles(...ps: number[]): number[] {
    if (this.size === 0) return ps.map(() => 0);
    const sorted = this.values.slice(0, this.size).sort();
    return ps.map(p => sorted[Math.max(0, Math.ceil((p / 100) * this.size) - 1)]);
  }
}

export async function run(target: Target, o: Options): Promise<Result> {
  if (o.clients < 1 || o.depth < 1 || o.seconds <= 0) throw new Error('clients, depth and seconds must be positive');
  const clients: Client[] = [];
  for (let i = 0; i < o.clients; i++) clients.push(await target.connect(i));
  const pairs = transferPairs(o.accounts, o.alpha, Math.max(o.pairs, o.clients));
  const share = Math.floor(pairs.from.length / o.clients);

  const latencies = new Samples();
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const endAt = start + o.seconds * 1000;

  async function worker(w: number): Promise<void> {
    const client = clients[w];
    let next = w * share;
    let inflight = 0;
    let wake: (() => void) | null = null;
    const settled = () => {
      inflight--;
      const waiting = wake;
      wake = null;
      waiting?.();
    };
    const launch = (now: number) => {
      if (next >= pairs.from.length) next = 0;
      const from = pairs.from[next];
      const to = pairs.to[next];
      next++;
      const deadline = Math.max(250, Math.min(15_000, endAt - now + 1000));
      inflight++;
      withDeadline(client.transfer(from, to, 1), deadline).then(
        () => {
          const t1 = performance.now();
          if (t1 <= endAt) {
            ok++;
            latencies.add(t1 - now);
          }
          settled();
        },
        (e: unknown) => {
          failed++;
          firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          settled();
        }
      );
    };
    for (let now = performance.now(); now < endAt; now = performance.now()) {
      if (inflight < o.depth) launch(now);
      else await new Promise<void>(r => (wake = r));
    }
    while (inflight > 0) await new Promise<void>(r => (wake = r));
  }

  await Promise.all(clients.map((_, w) => worker(w)));
  for (const c of clients) await c.close();
  const [p50, p99] = latencies.percentiles(50, 99);
  return {
    target: target.name,
    seconds: o.seconds,
    accounts: o.accounts,
    alpha: o.alpha,
    clients: o.clients,
    depth: o.depth,
    ok,
    failed,
    firstError,
    tps: ok / o.seconds,
    p50_ms: p50,
    p99_ms: p99,
  };
}
