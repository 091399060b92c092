/**
 * Hot loops of the Monte Carlo iterations, one z-slab at a time, in WebAssembly SIMD.
 *
 * ALE = 1 − exp(Σ_experiments log1p(−MA)), MA = max over the experiment's foci (cbma.md A3-A4).
 * Each kernel carries its float32 log1p(−value); within an experiment the minimum of these over
 * the foci equals float32 log1p(−max MA), so no logarithm is evaluated per voxel. The max only
 * matters where kernel boxes of the same experiment overlap: other voxels just add their value.
 *
 * Why slabs: a whole-grid float64 sum (7 MB) does not fit in cache, and 267 scattered 17³ boxes
 * per iteration made whole-volume loops memory-bound. One z-slab (91×109 doubles, 79 KB) is summed
 * for all experiments, then read, so every access stays in L1/L2. Per voxel the additions still run
 * in experiment order, one term per experiment, so the float64 sums are bit-identical.
 *
 * Why hand-assembled WebAssembly: the rows are short (17–19 voxels) and V8's JavaScript for them
 * ran at 4–5 ns per voxel (bounds checks, no vectorisation); wasm SIMD adds two doubles per
 * instruction. The module (752 bytes) is built here from opcodes (no toolchain or binary blob in the
 * repo). Float semantics are IEEE and identical to JavaScript's: f32→f64 promotion is exact,
 * f64 addition is the same rounding, and min of strictly negative values has no ±0/NaN corner.
 * Adding +0 where an experiment does not reach a voxel is exact because sums are never −0.
 */

/** The parts of a kernel the loops need. */
export interface KernelBox {
  radius: number;
  size: number;
  logComplement: Float32Array;
}

/** Row operations on byte addresses inside `memory` (all take (dst, src, width, rows, dstStride, srcStride)). */
export interface SlabRowOps {
  memory: WebAssembly.Memory;
  /** f64 dst[i] += f32 src[i] over each row. */
  addRows: (dst: number, src: number, width: number, rows: number, dstStride: number, srcStride: number) => void;
  /** f32 dst[i] = min(dst[i], src[i]) over each row. */
  minRows: (dst: number, src: number, width: number, rows: number, dstStride: number, srcStride: number) => void;
  /** f64 dst[i] += f32 src[i], then src[i] = 0, over each row. */
  flushRows: (dst: number, src: number, width: number, rows: number, dstStride: number, srcStride: number) => void;
  /**
   * Reads the f64 sums over `runCount` runs (pairs of i32 byte addresses [start, end) at `runs`):
   * writes the index (byte address / 8) of every sum < `below` to i32s at `out`, in order, stores
   * the minimum of 0 and all sums as f64 at `minOut`, and returns the number written.
   */
  scanRuns: (runs: number, runCount: number, out: number, minOut: number, below: number) => number;
}

const OP = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d,
  get: 0x20, set: 0x21,
  i32Const: 0x41, i64Const: 0x42, f32Const: 0x43,
  f32Load: 0x2a, f64Load: 0x2b, f32Store: 0x38, f64Store: 0x39, i64Store: 0x37,
  i32Load: 0x28, i32Store: 0x36, f64Lt: 0x63, f64Min: 0xa4, tee: 0x22,
  i32Eqz: 0x45, i32GeU: 0x4f, i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74, i32ShrU: 0x76,
  f32Min: 0x96, f64Add: 0xa0, f64PromoteF32: 0xbb,
} as const;
/** SIMD opcodes (after the 0xfd prefix, LEB128). */
const SIMD = { load: [0x00], store: [0x0b], load64Zero: [0x5d], promoteLow: [0x5f], f32x4Min: [0xe8, 0x01], f64x2Add: [0xf0, 0x01] } as const;
const EMPTY = 0x40;
const MEM = [0, 0]; // memarg: alignment hint 1 byte, offset 0

// Locals: 0 dst, 1 src, 2 width, 3 rows, 4 dstStride, 5 srcStride, 6 p, 7 q, 8 vecEnd, 9 end.
const [DST, SRC, WIDTH, ROWS, DSTRIDE, SSTRIDE, P, Q, VEC_END, END] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const get = (l: number) => [OP.get, l];
const set = (l: number) => [OP.set, l];
const simd = (op: readonly number[]) => [0xfd, ...op];
const bump = (l: number, bytes: number) => [...get(l), OP.i32Const, bytes, OP.i32Add, ...set(l)];

/**
 * Loop skeleton over rows: p/q walk a row of `dstBytes`/`srcBytes` per element, first `lanes` at a
 * time with `vecBody`, then one at a time with `scalarBody` (both read p and q, then advance them).
 */
function rowLoop(lanes: number, dstBytes: number, srcBytes: number, vecBody: number[], scalarBody: number[]): number[] {
  const shift = Math.log2(lanes * dstBytes);
  const laneShift = Math.log2(lanes);
  return [
    OP.block, EMPTY,
    ...get(ROWS), OP.i32Eqz, OP.brIf, 0,
    OP.loop, EMPTY,
    ...get(DST), ...set(P), ...get(SRC), ...set(Q),
    // vecEnd = dst + (width >> laneShift) << shift; end = dst + width · dstBytes
    ...get(DST), ...get(WIDTH), OP.i32Const, laneShift, OP.i32ShrU, OP.i32Const, shift, OP.i32Shl, OP.i32Add, ...set(VEC_END),
    ...get(DST), ...get(WIDTH), OP.i32Const, Math.log2(dstBytes), OP.i32Shl, OP.i32Add, ...set(END),
    OP.block, EMPTY, OP.loop, EMPTY,
    ...get(P), ...get(VEC_END), OP.i32GeU, OP.brIf, 1,
    ...vecBody, ...bump(P, lanes * dstBytes), ...bump(Q, lanes * srcBytes),
    OP.br, 0, OP.end, OP.end,
    OP.block, EMPTY, OP.loop, EMPTY,
    ...get(P), ...get(END), OP.i32GeU, OP.brIf, 1,
    ...scalarBody, ...bump(P, dstBytes), ...bump(Q, srcBytes),
    OP.br, 0, OP.end, OP.end,
    ...get(DST), ...get(DSTRIDE), OP.i32Add, ...set(DST),
    ...get(SRC), ...get(SSTRIDE), OP.i32Add, ...set(SRC),
    ...get(ROWS), OP.i32Const, 1, OP.i32Sub, ...set(ROWS),
    ...get(ROWS), OP.brIf, 0,
    OP.end, OP.end,
  ];
}

// f64x2 at p += promote(two f32 at q)
const addPair = [...get(P), ...get(P), ...simd(SIMD.load), ...MEM, ...get(Q), ...simd(SIMD.load64Zero), ...MEM, ...simd(SIMD.promoteLow), ...simd(SIMD.f64x2Add), ...simd(SIMD.store), ...MEM];
const addOne = [...get(P), ...get(P), OP.f64Load, ...MEM, ...get(Q), OP.f32Load, ...MEM, OP.f64PromoteF32, OP.f64Add, OP.f64Store, ...MEM];
const ADD_ROWS = rowLoop(2, 8, 4, addPair, addOne);
const MIN_ROWS = rowLoop(
  4, 4, 4,
  [...get(P), ...get(P), ...simd(SIMD.load), ...MEM, ...get(Q), ...simd(SIMD.load), ...MEM, ...simd(SIMD.f32x4Min), ...simd(SIMD.store), ...MEM],
  [...get(P), ...get(P), OP.f32Load, ...MEM, ...get(Q), OP.f32Load, ...MEM, OP.f32Min, OP.f32Store, ...MEM],
);
const FLUSH_ROWS = rowLoop(
  2, 8, 4,
  [...addPair, ...get(Q), OP.i64Const, 0, OP.i64Store, ...MEM],
  [...addOne, ...get(Q), OP.f32Const, 0, 0, 0, 0, OP.f32Store, ...MEM],
);

// scanRuns locals: 0 runs, 1 runCount, 2 out, 3 minOut, 4 below (f64), 5 p, 6 end, 7 count, 8 min (f64), 9 s (f64).
const SCAN_RUNS = [
  OP.block, EMPTY, OP.loop, EMPTY,
  ...get(1), OP.i32Eqz, OP.brIf, 1,
  ...get(0), OP.i32Load, 2, 0, ...set(5), ...get(0), OP.i32Load, 2, 4, ...set(6),
  OP.block, EMPTY, OP.loop, EMPTY,
  ...get(5), ...get(6), OP.i32GeU, OP.brIf, 1,
  ...get(8), ...get(5), OP.f64Load, ...MEM, OP.tee, 9, OP.f64Min, ...set(8),
  ...get(9), ...get(4), OP.f64Lt,
  OP.if, EMPTY,
  ...get(2), ...get(7), OP.i32Const, 2, OP.i32Shl, OP.i32Add, ...get(5), OP.i32Const, 3, OP.i32ShrU, OP.i32Store, ...MEM,
  ...bump(7, 1),
  OP.end,
  ...bump(5, 8),
  OP.br, 0, OP.end, OP.end,
  ...bump(0, 8), ...get(1), OP.i32Const, 1, OP.i32Sub, ...set(1),
  OP.br, 0, OP.end, OP.end,
  ...get(3), ...get(8), OP.f64Store, ...MEM,
  ...get(7),
];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const F64 = 0x7c;
/** Name, type index, extra locals (count, type), body. Type 0: six i32 → (); type 1: i32×4, f64 → i32. */
const FUNCS: [string, number, number[][], number[]][] = [
  ["addRows", 0, [[4, I32]], ADD_ROWS],
  ["minRows", 0, [[4, I32]], MIN_ROWS],
  ["flushRows", 0, [[4, I32]], FLUSH_ROWS],
  ["scanRuns", 1, [[3, I32], [2, F64]], SCAN_RUNS],
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec(Array.from({ length: 6 }, () => [I32])), 0],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [F64]]), ...vec([[I32]])],
    ])),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]])),
    ...section(3, vec(FUNCS.map(([, type]) => [type]))),
    ...section(7, vec(FUNCS.map(([n], i) => [...name(n), 0x00, i]))),
    ...section(10, vec(FUNCS.map(([, , locals, body]) => {
      const fn = [...vec(locals), ...body, OP.end];
      return [...uleb(fn.length), ...fn];
    }))),
  ]);
}

let compiled: WebAssembly.Module | null = null;

/** Instantiates the row operations over a fresh memory of at least `bytes` bytes. */
export function createSlabRowOps(bytes: number): SlabRowOps {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const ex = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Omit<SlabRowOps, "memory">;
  return { memory, addRows: ex.addRows, minRows: ex.minRows, flushRows: ex.flushRows, scanRuns: ex.scanRuns };
}
