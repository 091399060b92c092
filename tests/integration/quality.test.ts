import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, fingerprint, openTestDatabase, type TestDatabase } from "./harness";
import { type ExtractionProject, makeExtractionProject, qualityScores } from "./extraction-fixtures";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

const KEYS = Array.from({ length: 10 }, (_, i) => `q${i + 1}`);

/** Linear-weighted kappa written out independently of the engine (3 ordered categories). */
function linearKappa(pairs: [number, number][]): number {
  const cats = [0, 0.5, 1];
  const n = pairs.length;
  const w = (i: number, j: number) => 1 - Math.abs(i - j) / 2;
  const idx = (v: number) => cats.indexOf(v);
  let po = 0;
  for (const [a, b] of pairs) po += w(idx(a), idx(b)) / n;
  const pa = cats.map((c) => pairs.filter((p) => p[0] === c).length / n);
  const pb = cats.map((c) => pairs.filter((p) => p[1] === c).length / n);
  let pe = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) pe += w(i, j) * pa[i] * pb[j];
  return (po - pe) / (1 - pe);
}

/** ICC(A,1) (McGraw & Wong) from its mean squares, written out for two raters. */
function iccA1(rows: [number, number][]): number {
  const n = rows.length;
  const k = 2;
  const grand = rows.flat().reduce((s, x) => s + x, 0) / (n * k);
  const rowMeans = rows.map((r) => (r[0] + r[1]) / 2);
  const colMeans = [0, 1].map((j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const ssr = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssc = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const sst = rows.flat().reduce((s, x) => s + (x - grand) ** 2, 0);
  const msr = ssr / (n - 1);
  const msc = ssc / (k - 1);
  const mse = (sst - ssr - ssc) / ((n - 1) * (k - 1));
  return (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n);
}

describe("quality: blind dual scoring, consensus, totals, agreement, checklists", () => {
  let h: TestDatabase;
  let t: ExtractionProject;
  const studyIds: string[] = [];
  const as = (u: { id: string; email: string; name: string }) => callerFor(h.db, u);
  // Alice's and Bob's scores per study (Bob differs on a few items).
  const alice = [qualityScores(KEYS, 1, { q3: 0.5 }), qualityScores(KEYS, 1, { q6: 0, q9: 0.5 }), qualityScores(KEYS, 0.5, { q1: 1 })];
  const bob = [qualityScores(KEYS, 1, { q3: 0 }), qualityScores(KEYS, 1, { q6: 0 }), qualityScores(KEYS, 0.5, { q1: 1, q2: 1, q10: 0 })];

  beforeAll(async () => {
    h = await openTestDatabase();
    t = await makeExtractionProject(h.db, 3);
    for (let i = 0; i < 3; i++) studyIds.push((await as(t.owner).studies.create({ projectId: t.projectId, label: `Study ${i + 1}`, recordIds: [t.recordIds[i]] })).id);
  });
  afterAll(async () => h?.close());

  it("uses the 10-point preset by default with guidance and 1 / 0.5 / 0 options", async () => {
    const status = await as(t.viewer).quality.status({ projectId: t.projectId });
    expect(status.checklist.items.map((i) => i.key)).toEqual(KEYS);
    expect(status.checklist.items[3].text).toBe("Sample size per group ≥ 10.");
    expect(status.checklist.items[0].options.map((o) => o.score)).toEqual([1, 0.5, 0]);
    expect(status.checklist.items[0].guidance.length).toBeGreaterThan(10);
  });

  it("keeps each rater's scores blind until both submitted, and refuses incomplete submissions", async () => {
    const { projectId } = t;
    const [s1] = studyIds;
    await as(t.alice).quality.save({ projectId, studyId: s1, scores: { q1: { score: 1, note: "DSM-5 criteria", quote: "p. 3" } } });
    expect(await codeOf(as(t.alice).quality.save({ projectId, studyId: s1, scores: { q1: { score: 1 } }, submit: true }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(t.alice).quality.save({ projectId, studyId: s1, scores: qualityScores(KEYS, 0.7), submit: true }))).toBe("BAD_REQUEST");
    await as(t.alice).quality.save({ projectId, studyId: s1, scores: alice[0], submit: true });
    const bobView = await as(t.bob).quality.mine({ projectId, studyId: s1 });
    expect(bobView.assessment).toBeNull();
    const before = await fingerprint(h.db);
    expect(await codeOf(as(t.alice).quality.compare({ projectId, studyId: s1 }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(t.viewer).quality.save({ projectId, studyId: s1, scores: alice[0] }))).toBe("FORBIDDEN");
    expect(await codeOf(as(t.alice).quality.save({ projectId, studyId: s1, scores: bob[0] }))).toBe("CONFLICT");
    expect(await fingerprint(h.db)).toEqual(before);
    await as(t.bob).quality.save({ projectId, studyId: s1, scores: bob[0], submit: true });
    expect(await codeOf(as(t.carol).quality.save({ projectId, studyId: s1, scores: bob[0] }))).toBe("CONFLICT");
    const view = await as(t.bob).quality.compare({ projectId, studyId: s1 });
    expect(view.items.filter((i) => !i.same).map((i) => i.key)).toEqual(["q3"]);
    expect(view.raters.map((r) => r.total)).toEqual([9, 9.5]);
  });

  it("saves consensus by a rater or a third reviewer, requiring a reason when raters disagree", async () => {
    const { projectId } = t;
    for (let i = 1; i < 3; i++) {
      await as(t.alice).quality.save({ projectId, studyId: studyIds[i], scores: alice[i], submit: true });
      await as(t.bob).quality.save({ projectId, studyId: studyIds[i], scores: bob[i], submit: true });
    }
    expect(await codeOf(as(t.alice).quality.saveConsensus({ projectId, studyId: studyIds[0], scores: alice[0], rationale: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(t.carol).quality.saveConsensus({ projectId, studyId: studyIds[0], scores: alice[0], rationale: "x" }))).toBe("FORBIDDEN");
    const byRater = await as(t.alice).quality.saveConsensus({ projectId, studyId: studyIds[0], scores: alice[0], rationale: "Age and sex covaried only" });
    expect(byRater).toMatchObject({ total: 9.5, thirdReviewer: false });
    const third = await as(t.adjudicator).quality.saveConsensus({ projectId, studyId: studyIds[1], scores: qualityScores(KEYS, 1, { q6: 0 }), rationale: "ROI analysis only; stats complete in Table 2" });
    expect(third).toMatchObject({ total: 9, thirdReviewer: true });
  });

  it("reports the studies × items table, totals, weighted kappa over items and ICC of totals", async () => {
    const summary = await as(t.viewer).quality.summary({ projectId: t.projectId });
    expect(summary.table.map((r) => r.total)).toEqual([9.5, 9, null]);
    expect(summary.table[1].scores.q6).toBe(0);
    const pairs: [number, number][] = [];
    for (let i = 0; i < 3; i++) for (const k of KEYS) pairs.push([alice[i][k].score, bob[i][k].score]);
    const totals = [0, 1, 2].map((i) => [KEYS.reduce((s, k) => s + alice[i][k].score, 0), KEYS.reduce((s, k) => s + bob[i][k].score, 0)] as [number, number]);
    expect(summary.agreement.pairs).toBe(30);
    expect(summary.agreement.percentAgreement).toBeCloseTo((100 * 26) / 30, 10);
    expect(summary.agreement.weightedKappa?.kappa).toBeCloseTo(linearKappa(pairs), 10);
    expect(summary.agreement.iccTotals?.icc).toBeCloseTo(iccA1(totals), 10);
  });

  it("lets the owner switch to the 11-item preset or a custom checklist with its own scores", async () => {
    const { projectId } = t;
    expect(await codeOf(as(t.alice).quality.chooseChecklist({ projectId, preset: "neuro11" }))).toBe("FORBIDDEN");
    const eleven = await as(t.owner).quality.chooseChecklist({ projectId, preset: "neuro11" });
    expect(eleven.items).toHaveLength(11);
    expect(eleven.items[8].text).toMatch(/^Measurements were described/);
    const items = [
      { key: "blinding", text: "Raters were blind to group", options: [{ label: "yes", score: 2 }, { label: "partly", score: 1 }, { label: "no", score: 0 }] },
      { key: "motion", text: "Head motion was controlled", options: [{ label: "yes", score: 1 }, { label: "no", score: 0 }] },
    ];
    expect(await codeOf(as(t.owner).quality.createChecklist({ projectId, name: "Bad", items: [{ key: "x", text: "only one option", options: [{ label: "a", score: 1 }] }] }))).toBe("BAD_REQUEST");
    const custom = await as(t.owner).quality.createChecklist({ projectId, name: "Motion and blinding", items });
    expect(custom.items.map((i) => i.key)).toEqual(["blinding", "motion"]);
    const saved = await as(t.carol).quality.save({ projectId, studyId: studyIds[2], scores: { blinding: { score: 2 }, motion: { score: 1 } }, submit: true });
    expect(saved.total).toBe(3);
    const lists = await as(t.viewer).quality.checklists({ projectId });
    expect(lists.filter((l) => l.active).map((l) => l.name)).toEqual(["Motion and blinding"]);
    // switching back keeps the earlier scores of the 10-point list
    await as(t.owner).quality.chooseChecklist({ projectId, preset: "neuro10" });
    expect((await as(t.viewer).quality.summary({ projectId })).table.map((r) => r.total)).toEqual([9.5, 9, null]);
  });
});
