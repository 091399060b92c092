import { describe, expect, it } from "vitest";
import { buildPlan } from "./observed";
import { DEFAULT_Z_HISTOGRAM } from "./permutation";
import { type PermutationProgress, runPermutations } from "./permutation-pool";
import { prepareStudies } from "./prepare";
import { createSpace } from "./space";
import { studyVoxelModel } from "./study-values";
import { centredMask, study } from "./test-support";

const space = createSpace(centredMask([15, 15, 15], 2, 14));
const { studies } = prepareStudies({
  name: "pool",
  experiments: [study("a", 20, 20, [[0, 0, 0, 4], [6, 2, 0, -3.5]]), study("b", 25, 22, [[2, 2, 2, 3.2]]), study("c", 15, 18, [])],
});
const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, "estimate"));
const plan = buildPlan(space, { fwhmMm: 10, truncateSigmas: 3 }, studies, models, { kind: "mean", method: "DL" }, 5, DEFAULT_Z_HISTOGRAM);

describe("runPermutations", () => {
  it("gives identical nulls inline and on 2 worker threads, and is reproducible", async () => {
    const progress: PermutationProgress[] = [];
    const inline = await runPermutations(plan, { iterations: 60, threads: 0, onProgress: (p) => progress.push(p) });
    const threaded = await runPermutations(plan, { iterations: 60, threads: 2 });
    const again = await runPermutations(plan, { iterations: 60, threads: 0 });
    expect(Array.from(threaded.maxAbsZ)).toEqual(Array.from(inline.maxAbsZ));
    expect(Array.from(threaded.histogram)).toEqual(Array.from(inline.histogram));
    expect(Array.from(again.maxAbsZ)).toEqual(Array.from(inline.maxAbsZ));
    expect(inline.maxAbsZ.every((x) => x > 0)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, done: 60, total: 60, stage: "permutations" });
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1].done)).toBe(true);
    expect(progress.some((p) => p.etaS !== null && p.fraction < 1)).toBe(true);
  });

  it("a different seed gives a different null", async () => {
    const a = await runPermutations(plan, { iterations: 10, threads: 0 });
    const b = await runPermutations({ ...plan, seed: 6 }, { iterations: 10, threads: 0 });
    expect(Array.from(a.maxAbsZ)).not.toEqual(Array.from(b.maxAbsZ));
  });

  it("cancels inline and threaded runs with an AbortError", async () => {
    const inline = new AbortController();
    const p1 = runPermutations(plan, { iterations: 100_000, threads: 0, signal: inline.signal, onProgress: (p) => p.done > 20 && inline.abort() });
    await expect(p1).rejects.toMatchObject({ name: "AbortError" });
    // Threaded: cancelled while the workers start (worker start-up is the slow part on a busy machine).
    const threaded = new AbortController();
    const p2 = runPermutations(plan, { iterations: 100_000, threads: 2, signal: threaded.signal });
    setTimeout(() => threaded.abort(), 50);
    await expect(p2).rejects.toMatchObject({ name: "AbortError" });
    const pre = new AbortController();
    pre.abort();
    await expect(runPermutations(plan, { iterations: 10, threads: 2, signal: pre.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects a negative or fractional count and returns an empty null for 0", async () => {
    await expect(runPermutations(plan, { iterations: -1, threads: 0 })).rejects.toThrow(/non-negative integer/);
    await expect(runPermutations(plan, { iterations: 1.5, threads: 0 })).rejects.toThrow(/non-negative integer/);
    expect((await runPermutations(plan, { iterations: 0, threads: 0 })).maxAbsZ.length).toBe(0);
  });
});
