/** A seeded uniform [0, 1) generator; passed in wherever the engine needs randomness. */
export type Rng = () => number;

/**
 * SplitMix32-style generator: tiny, fast, and good enough for shuffles and prior draws. Its
 * output depends only on the seed, so a simulation or a ranking is reproducible.
 */
export function createRng(seed: number): Rng {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T extends { length: number; [i: number]: number }>(a: T, rng: Rng, length = a.length): T {
  for (let i = length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
