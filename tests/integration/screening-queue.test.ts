import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screeningDecisions } from "@/db/schema";
import { modelWorkerOptions } from "@/server/review/screening/model-host";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
import { callerFor, openTestDatabase, type TestDatabase } from "./harness";
import { makeScreeningProject, sampleSeeds } from "./screening-fixtures";

const ta = "title_abstract" as const;

describe(`screening queue on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("counts the caller's own decisions, served from memory but kept in step with decide and undo", async () => {
    const p = await makeScreeningProject(handle.db, sampleSeeds(12));
    const alice = callerFor(handle.db, p.alice);
    const bob = callerFor(handle.db, p.bob);
    const input = { projectId: p.projectId, stage: ta };
    expect((await alice.screening.next(input)).mine).toEqual({ done: 0, total: 12 });
    const seen: string[] = [];
    for (let k = 1; k <= 5; k++) {
      const next = await alice.screening.next(input);
      seen.push(next.record!.id);
      await alice.screening.decide({ ...input, recordId: next.record!.id, decision: k % 2 ? "exclude" : "include" });
      await alice.screening.decide({ ...input, recordId: next.record!.id, decision: k % 2 ? "exclude" : "include" }); // double submit
      expect((await alice.screening.next(input)).mine.done).toBe(k);
    }
    expect(new Set(seen).size).toBe(5);
    expect((await bob.screening.next(input)).mine.done).toBe(0);
    await alice.screening.undo(input);
    const after = await alice.screening.next(input);
    expect(after.mine.done).toBe(4);
    // the undone record is open to alice again
    const served = new Set<string>();
    for (let k = 0; k < 8; k++) {
      const n = await alice.screening.next(input);
      if (!n.record) break;
      served.add(n.record.id);
      await alice.screening.decide({ ...input, recordId: n.record.id, decision: "exclude" });
    }
    expect(served.has(seen[4])).toBe(true);
    const done = await alice.screening.next(input);
    expect(done).toMatchObject({ record: null, reason: "done", mine: { done: 12, total: 12 } });
  });

  it("re-checks every candidate in SQL: a decision written behind the cache's back (another server process) is never served again", async () => {
    const p = await makeScreeningProject(handle.db, sampleSeeds(10));
    const alice = callerFor(handle.db, p.alice);
    const input = { projectId: p.projectId, stage: ta };
    const first = await alice.screening.next(input);
    await handle.db.insert(screeningDecisions).values({ projectId: p.projectId, recordId: first.record!.id, stage: ta, reviewerId: p.alice.id, decision: "exclude" });
    const second = await alice.screening.next(input);
    expect(second.record!.id).not.toBe(first.record!.id);
    // records removed from the pool after the order was cached are not served either
    await handle.db.execute(sql`update records set removal_reason = 'other' where id = ${second.record!.id}`);
    const third = await alice.screening.next(input);
    expect([first.record!.id, second.record!.id]).not.toContain(third.record!.id);
  });

  it("ranks in a worker thread with the same order as in-process", async () => {
    const seeds = sampleSeeds(30);
    const inProcess = await makeScreeningProject(handle.db, seeds);
    const saved = modelWorkerOptions.minRecords;
    modelWorkerOptions.minRecords = 1;
    try {
      const inWorker = await makeScreeningProject(handle.db, seeds);
      for (const p of [inProcess, inWorker]) {
        const alice = callerFor(handle.db, p.alice);
        for (const [i, decision] of [[0, "include"], [1, "exclude"], [2, "exclude"], [3, "include"], [4, "exclude"]] as const) {
          await alice.screening.decide({ projectId: p.projectId, recordId: p.recordIds[i], stage: ta, decision });
        }
      }
      expect(await prioritiserCache.inWorker(handle.db, inWorker.projectId)).toBe(true);
      const a = await prioritiserCache.stats(handle.db, inProcess.projectId, { waitForTraining: true });
      const b = await prioritiserCache.stats(handle.db, inWorker.projectId, { waitForTraining: true });
      expect(b.labelledRelevant).toBe(2);
      expect(b.labelledIrrelevant).toBe(3);
      expect(a.labelledRelevant).toBe(2);
      const rank = async (p: typeof inProcess) => (await prioritiserCache.order(handle.db, p.projectId, true)).map((id) => p.recordIds.indexOf(id));
      const orderA = await rank(inProcess);
      expect(orderA).toHaveLength(30);
      expect(await rank(inWorker)).toEqual(orderA);
    } finally {
      modelWorkerOptions.minRecords = saved;
    }
  });
});
