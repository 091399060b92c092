import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { studies, studyReports } from "@/db/schema";
import { identifiedTotal, excludedTotal } from "@/components/prisma/prisma-model";
import { getPrismaReport } from "@/server/review/prisma/get-prisma-counts";
import { renderPrisma } from "@/server/review/prisma/render";
import { callerFor, openTestDatabase, type TestDatabase } from "./harness";
import { insertRecords, makeScreeningProject, markDuplicate, putDecision, putFullTextStatus, putResolution, sampleSeeds } from "./screening-fixtures";

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reasons = ["ROI-only results", "no coordinates", "n < 10 per group"];

/**
 * A generated review: three database exports, some duplicates, two blind reviewers at both stages
 * with conflicts settled by an adjudicator, some full texts not retrieved, and included reports
 * grouped into studies. Returns what the diagram must show, computed from the plan itself.
 */
async function generateProject(db: TestDatabase["db"], seed: number) {
  const rand = rng(seed);
  const p = await makeScreeningProject(db, sampleSeeds(40 + Math.floor(rand() * 30)));
  const more = await insertRecords(db, p.projectId, p.owner.id, sampleSeeds(20 + Math.floor(rand() * 20)), "Embase");
  const cnki = await insertRecords(db, p.projectId, p.owner.id, sampleSeeds(5 + Math.floor(rand() * 10)), "CNKI");
  const all = [...p.recordIds, ...more, ...cnki];
  const expected = { identified: all.length, duplicates: 0, excludedTA: 0, sought: 0, notRetrieved: 0, excludedFT: new Map<string, number>(), included: [] as string[] };
  const pool: string[] = [];
  for (const id of more) {
    if (rand() < 0.3) {
      await markDuplicate(db, id, p.recordIds[Math.floor(rand() * p.recordIds.length)]);
      expected.duplicates++;
    } else pool.push(id);
  }
  pool.push(...p.recordIds, ...cnki);
  const decide = async (recordId: string, stage: "title_abstract" | "full_text", verdict: "include" | "exclude", reason?: string) => {
    const r = rand();
    if (r < 0.8) {
      await putDecision(db, p.projectId, recordId, stage, p.alice.id, verdict, reason);
      await putDecision(db, p.projectId, recordId, stage, p.bob.id, verdict, reason);
    } else {
      // a conflict (or a "maybe"), settled by the adjudicator
      await putDecision(db, p.projectId, recordId, stage, p.alice.id, r < 0.9 ? "maybe" : verdict === "include" ? "exclude" : "include", verdict === "include" ? reasons[0] : undefined);
      await putDecision(db, p.projectId, recordId, stage, p.bob.id, verdict, reason);
      await putResolution(db, p.projectId, recordId, stage, p.adjudicator.id, verdict, reason);
    }
  };
  for (const id of pool) {
    if (rand() < 0.75) {
      await decide(id, "title_abstract", "exclude");
      expected.excludedTA++;
      continue;
    }
    await decide(id, "title_abstract", "include");
    expected.sought++;
    if (rand() < 0.15) {
      await putFullTextStatus(db, p.projectId, id, "not_retrieved", "no response from authors");
      expected.notRetrieved++;
      continue;
    }
    await putFullTextStatus(db, p.projectId, id, "retrieved");
    if (rand() < 0.5) {
      const reason = reasons[Math.floor(rand() * reasons.length)];
      await decide(id, "full_text", "exclude", reason);
      expected.excludedFT.set(reason, (expected.excludedFT.get(reason) ?? 0) + 1);
    } else {
      await decide(id, "full_text", "include");
      expected.included.push(id);
    }
  }
  // group included reports into studies: pairs of reports share a study
  let studiesMade = 0;
  for (let i = 0; i < expected.included.length; i += 2) {
    const [study] = await db.insert(studies).values({ projectId: p.projectId, label: `Study ${i}` }).returning();
    studiesMade++;
    for (const recordId of expected.included.slice(i, i + 2)) {
      await db.insert(studyReports).values({ projectId: p.projectId, studyId: study.id, recordId, includedByScreening: true });
    }
  }
  return { ...p, expected, studiesMade };
}

describe("PRISMA 2020 diagram from generated projects", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  for (const seed of [1, 2, 3]) {
    it(`adds up for generated project #${seed} and shows exactly the planned counts`, async () => {
      const g = await generateProject(handle.db, seed);
      const report = await getPrismaReport(handle.db, g.projectId);
      const c = report.counts;
      expect(report.problems).toEqual([]);
      expect(report.pending).toEqual({ records: 0, recordConflicts: 0, reports: 0, reportConflicts: 0 });
      expect(identifiedTotal(c)).toBe(g.expected.identified);
      expect(c.databases.map((d) => d.name)).toEqual(["PubMed", "Embase", "CNKI"]);
      expect(c.duplicates).toBe(g.expected.duplicates);
      expect(c.screened).toBe(g.expected.identified - g.expected.duplicates);
      expect(c.excludedScreening).toBe(g.expected.excludedTA);
      expect(c.sought).toBe(g.expected.sought);
      expect(c.notRetrieved).toBe(g.expected.notRetrieved);
      expect(Object.fromEntries(c.excluded.map((e) => [e.name, e.n]))).toEqual(Object.fromEntries(g.expected.excludedFT));
      expect(excludedTotal(c.excluded)).toBe([...g.expected.excludedFT.values()].reduce((s, n) => s + n, 0));
      expect(c.reportsIncluded).toBe(g.expected.included.length);
      expect(c.studiesIncluded).toBe(g.studiesMade);
      expect(report.reportsWithoutStudy).toBe(0);
      // the tRPC view serves the same numbers with the SVG
      const view = await callerFor(handle.db, g.viewer).prisma.diagram({ projectId: g.projectId });
      expect(view.svg).toContain(`Records screened (n = ${c.screened.toLocaleString("en-US")})`);
    });
  }

  it("flags a provisional diagram while decisions are pending", async () => {
    const p = await makeScreeningProject(handle.db, sampleSeeds(5));
    await putDecision(handle.db, p.projectId, p.recordIds[0], "title_abstract", p.alice.id, "include");
    const report = await getPrismaReport(handle.db, p.projectId);
    expect(report.pending.records).toBe(5);
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it("exports SVG, PNG, PDF and the PRISMA2020 app's CSV", async () => {
    const g = await generateProject(handle.db, 4);
    const { counts } = await getPrismaReport(handle.db, g.projectId);
    const svg = new TextDecoder().decode(await renderPrisma(counts, "svg"));
    expect(svg).toContain("<svg");
    const png = await renderPrisma(counts, "png");
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe("PNG");
    const pdf = await renderPrisma(counts, "pdf");
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const csv = new TextDecoder().decode(await renderPrisma(counts, "csv"));
    expect(csv).toContain(`records_screened,,,,,,,${counts.screened}`);
  });
});
