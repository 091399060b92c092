import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { datasetSnapshots } from "@/db/schema";
import type { SnapshotDataset, SnapshotStudy } from "@/server/review/snapshot/dataset";
import { canonicalJson } from "@/server/review/snapshot/canonical-json";

/** A small deterministic generator (mulberry32) so fixtures are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A locked-snapshot dataset of `k` studies: each has one experiment whose foci cluster around the
 * left insula (−38, 8, 2) plus scattered foci, and VAS outcome rows for patients vs controls.
 */
export function syntheticSnapshot(projectId: string, version: number, k = 10, opts: { outcomes?: boolean } = {}): SnapshotDataset {
  const rand = rng(version * 7919 + k);
  const jitter = (s: number) => (rand() - 0.5) * 2 * s;
  const studies: SnapshotStudy[] = Array.from({ length: k }, (_, i) => {
    const n1 = 14 + Math.floor(rand() * 20);
    const n2 = 14 + Math.floor(rand() * 20);
    const foci = [
      { x: -38 + jitter(4), y: 8 + jitter(4), z: 2 + jitter(4) },
      { x: 40 + jitter(20), y: -20 + jitter(30), z: 30 + jitter(15) },
      { x: jitter(30), y: -60 + jitter(20), z: 10 + jitter(20) },
    ].map((f) => ({ x: Math.round(f.x), y: Math.round(f.y), z: Math.round(f.z) }));
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    return {
      id,
      label: `Study ${String.fromCharCode(65 + i)} ${2010 + i}`,
      reports: [],
      fields: {},
      consensus: { decidedBy: null, rationale: null },
      quality: { scores: {}, total: 7 + (i % 3), thirdReviewer: false },
      experiments: [
        {
          id: `10000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
          label: "CLBP > HC",
          modality: i % 2 ? "ReHo" : "ALFF",
          subgroup: i % 3 ? "chronic" : "acute",
          n1,
          n2,
          space: "MNI" as const,
          software: "spm" as const,
          transform: "none" as const,
          foci: foci.map((f) => ({ ...f, original: [f.x, f.y, f.z] as [number, number, number], statistic: "t" as const, value: 3.5 + rand() * 2, direction: "increase" as const, region: "" })),
          outcomes: opts.outcomes === false
            ? []
            : [
                { outcome: "VAS", arm: "acupuncture", group: 1 as const, timePoint: "", n: n1, mean: 3.1 + jitter(1.2), sd: 1.4 + rand(), events: null, total: null },
                { outcome: "VAS", arm: "sham", group: 2 as const, timePoint: "", n: n2, mean: 4.0 + jitter(1.2), sd: 1.5 + rand(), events: null, total: null },
              ],
          moderators: { age: 35 + Math.round(jitter(10)) },
        },
      ],
    };
  });
  return { format: "concord-snapshot", formatVersion: 1, projectId, version, form: { version: 1, fields: [] }, checklist: { name: "none", preset: null, items: [] }, studies };
}

/** Stores a snapshot row as the lock would (canonical JSON + SHA-256). */
export async function insertSnapshot(db: Db, projectId: string, lockedBy: string, dataset: SnapshotDataset) {
  const json = canonicalJson(dataset);
  const [row] = await db
    .insert(datasetSnapshots)
    .values({
      projectId,
      version: dataset.version,
      sha256: createHash("sha256").update(json).digest("hex"),
      canonicalJson: json,
      studyCount: dataset.studies.length,
      experimentCount: dataset.studies.reduce((s, x) => s + x.experiments.length, 0),
      fociCount: dataset.studies.reduce((s, x) => s + x.experiments.reduce((t, e) => t + e.foci.length, 0), 0),
      lockedBy,
    })
    .returning();
  return row;
}
