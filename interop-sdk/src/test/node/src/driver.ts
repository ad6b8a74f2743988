// What the drivers of the ported templates share (quickstart_chat/scenario.ts, money_exchange/scenario.ts): the
// same contract as scenario.ts. WARDEN_URI, WARDEN_DB and the callers' tokens (WARDEN_TOKEN_<NAME>) come from the
// environment, never the command line, and are never printed; the report is one JSON object per line on stdout,
// each with a "step", ending with {"step":"done"}. An unexpected outcome prints {"step":"failed"} and exits with 1;
// a scenario that does not finish in time prints {"step":"timeout"} and exits with 2.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    fail(`environment variable ${name} is not set`);
  }
  return value;
}

export function print(step: string, fields: { [key: string]: Json } = {}): void {
  process.stdout.write(JSON.stringify({ step, ...fields }) + '\n');
}

export function fail(message: string): never {
  print('failed', { message });
  process.exit(1);
}

export function token(name: string): string {
  return required(`WARDEN_TOKEN_${name.toUpperCase()}`);
}

export function errorJson(e: unknown): { [key: string]: Json } {
  if (e instanceof Error) {
    return { name: e.name, message: e.message };
  }
  return { name: typeof e, message: String(e) };
}

/** Runs a reducer call and reports its outcome as JSON, without throwing. */
export async function outcome(call: Promise<void>): Promise<{ [key: string]: Json }> {
  try {
    await call;
    return { outcome: 'ok' };
  } catch (e) {
    return { outcome: 'error', ...errorJson(e) };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

/** Resolves once `condition` holds, checking every 20 ms; the scenario's deadline bounds the wait. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await sleep(20);
  }
}

/** Runs the scenario named on the command line, under the deadline WARDEN_DEADLINE_MS. */
export async function main(scenarios: { [name: string]: () => Promise<void> }): Promise<void> {
  const scenario = process.argv[2] ?? '';
  const deadlineMs = Number(process.env.WARDEN_DEADLINE_MS ?? '20000');
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
