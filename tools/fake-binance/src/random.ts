// A seeded PRNG: same seed, same account. These are the bodies of `hashSeed` and `prng` in
// @portfolio/adapters (src/simulated/random.ts), and `rng(seed)` is its `prng(hashSeed(seed))`.
// They are not imported from there: @portfolio/adapters' own tests and bench depend on this
// package, and turbo refuses a workspace dependency cycle. Moving the pair to a package both
// can depend on (one that depends on neither) would leave one copy.

/** FNV-1a over a string: a stable 32-bit seed. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join(":");
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, well-distributed PRNG; same seed, same stream, everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scripted account's random stream for `seed`. */
export const rng = (seed: string): (() => number) => prng(hashSeed(seed));
