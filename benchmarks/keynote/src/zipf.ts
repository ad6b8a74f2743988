// Account picking as the keynote benchmark does it: `from` and `to` drawn independently from a Zipf
// distribution of exponent alpha over the accounts (rank 1 = account 0, P(k) proportional to 1/k^alpha;
// alpha 0 is uniform), drawn again until they differ. A seeded PRNG, so every target gets the same pairs.

/** A small, fast, seeded PRNG (splitmix32), uniform in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** A sampler of account numbers 0 .. n-1: uniform for alpha <= 0, else Zipf by inverting its exact CDF. */
export function zipf(n: number, alpha: number, random: () => number): () => number {
  if (!(n >= 1)) throw new Error(`accounts must be at least 1, got ${n}`);
  if (alpha <= 0) return () => Math.floor(random() * n);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += Math.pow(k + 1, -alpha);
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  cdf[n - 1] = 1;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** `count` transfer pairs (from != to, which needs at least two accounts), drawn once before the run. */
export function transferPairs(
  accounts: number,
  alpha: number,
  count: number,
  seed = 0x5eed
): { from: Uint32Array; to: Uint32Array } {
  if (accounts < 2) throw new Error('a transfer needs at least two accounts');
  const pick = zipf(accounts, alpha, prng(seed));
  const from = new Uint32Array(count);
  const to = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const a = pick();
    let b = pick();
    while (b === a) b = pick();
    from[i] = a;
    to[i] = b;
  }
  return { from, to };
}
