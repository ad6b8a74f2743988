// The SQLite baseline's target, as the keynote benchmark's rpc connector drives it: each call one HTTP POST of
// {"name", "args"} as JSON to /rpc with Node's fetch (its default keep-alive pool), the answer {"ok", ...}.
import type { Client, Target } from './load.js';

export async function rpcCall(base: string, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const res = await fetch(new URL('/rpc', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, args }),
  });
  const text = await res.text();
  let json: { ok: boolean; result?: unknown; error?: string };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${name}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok || !json.ok) throw new Error(`${name}: ${json.error ?? `HTTP ${res.status}`}`);
  return json.result;
}

export function rpc(name: string, base: string): Target {
  return {
    name,
    async connect(): Promise<Client> {
      return {
        transfer: async (from, to, amount) => {
          await rpcCall(base, 'transfer', { from_id: from, to_id: to, amount });
        },
        close: async () => {},
      };
    },
  };
}
