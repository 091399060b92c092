/**
 * Small, fast, seeded pseudo-random numbers.
 *
 * xoshiro128** (Blackman & Vigna 2018) with its 128-bit state filled by splitmix32 from
 * (seed, stream). Every Monte Carlo iteration or permutation t uses its own stream
 * `createRng(seed, t)`, so the draws of iteration t do not depend on how iterations are
 * distributed over worker threads: results are identical for 1, 2 or N threads.
 *
 * Hand-written rather than a dependency: it is ~40 lines, must run inside worker threads without
 * bundling concerns, and the hot loop needs 32-bit integer arithmetic only.
 */

/** A seeded random source. */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number;
  /** Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject), 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a seed and a stream index into one 32-bit value (both may be any safe integers). */
function mixSeed(seed: number, stream: number): number {
  const st = { s: (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) | 0, 0x27d4eb2d) };
  const a = splitmix32(st);
  const st2 = { s: (a ^ (stream >>> 0)) | 0 };
  const b = splitmix32(st2);
  return (b ^ Math.imul(Math.floor(stream / 2 ** 32) | 0, 0x165667b1)) >>> 0;
}

/**
 * Creates the random stream `stream` of seed `seed`.
 * @param seed - user seed (any safe integer).
 * @param stream - stream index, e.g. the Monte Carlo iteration number (default 0).
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(stream) || stream < 0) throw new Error(`stream must be a non-negative integer, got ${stream}`);
  const st = { s: mixSeed(seed, stream) | 0 };
  let s0 = splitmix32(st) | 0;
  let s1 = splitmix32(st) | 0;
  let s2 = splitmix32(st) | 0;
  let s3 = splitmix32(st) | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r >>> 0;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    nextInt(n: number): number {
      if (!(n >= 1 && n <= 4294967296)) throw new Error(`nextInt: n out of range: ${n}`);
      // Lemire (2019): 64-bit product split into high/low 32-bit halves; reject the biased low zone.
      const threshold = (4294967296 - n) % n;
      for (;;) {
        const x = nextUint32();
        const prod = x * n; // < 2^64 but exact only below 2^53: n ≤ 2^21 keeps it exact.
        if (n <= 2097152) {
          const low = prod % 4294967296;
          if (low >= threshold) return Math.floor(prod / 4294967296);
        } else {
          // Large n: fall back to rejection on the top bits (still unbiased).
          const limit = 4294967296 - threshold;
          if (x < limit) return x % n;
        }
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
