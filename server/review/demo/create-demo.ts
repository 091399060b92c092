import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, records } from "@/db/schema";
import type { JobQueue, SessionUser } from "@/server/trpc";
import { signUp } from "../accounts/sign-up";
import { createProject } from "../projects/projects";
import { importSearch } from "../import/import-search";
import { decide } from "../screening/decide";
import { updateScreeningSettings } from "../screening/settings";
import { resolveConflict } from "../screening/conflicts";
import { setFullTextStatus } from "../screening/full-text";
import { createExperiment, createStudy } from "../studies/studies";
import { saveConsensus, saveDraft, submitExtraction } from "../extraction/extractions";
import { saveAssessment, saveQualityConsensus } from "../quality/assessments";
import { lockDataset } from "../snapshot/snapshots";
import { createRun } from "../analysis/start-run";
import { demoCandidates, demoOffTopic, toRis, type DemoCandidate } from "./demo-corpus";
import { demoExperimentData, demoFields, demoQualityScores } from "./demo-extraction";

const query = '("low back pain"[MeSH] OR "chronic low back pain") AND ("regional homogeneity" OR ReHo OR "amplitude of low-frequency fluctuation" OR ALFF) AND (fMRI OR "resting state")';

async function demoReviewer(db: Db, projectId: string, letter: string): Promise<SessionUser> {
  // Demo co-reviewers cannot sign in: their password is random and never shown.
  const user = await signUp(db, { email: `demo.reviewer.${letter.toLowerCase()}.${randomBytes(4).toString("hex")}@demo.concord.example`, name: `Demo reviewer ${letter}`, password: randomBytes(24).toString("base64url") });
  await db.insert(memberships).values({ projectId, userId: user.id, role: "reviewer" });
  return user;
}

async function importDemoSources(db: Db, projectId: string, ownerId: string, candidates: DemoCandidate[]) {
  const onTopic = candidates.map((c) => ({ title: c.title, abstract: c.abstract, authors: c.authors, year: c.year, journal: c.journal, doi: c.doi, keywords: ["chronic low back pain", ...c.modalities] }));
  const pubmedOther = demoOffTopic(50, 1);
  const files = [
    { name: "PubMed", date: "2024-03-01", file: "pubmed-2024-03-01.ris", recs: [...onTopic, ...pubmedOther] },
    { name: "Embase", date: "2024-03-02", file: "embase-2024-03-02.ris", recs: [...onTopic.slice(0, 12), ...pubmedOther.slice(0, 8), ...demoOffTopic(25, 2)] },
    { name: "Web of Science", date: "2024-03-02", file: "wos-2024-03-02.ris", recs: [...onTopic.slice(4, 16), ...demoOffTopic(15, 3)] },
  ];
  for (const f of files) {
    await importSearch(db, {
      projectId,
      userId: ownerId,
      fileName: f.file,
      bytes: new TextEncoder().encode(toRis(f.recs)),
      options: { format: "ris", source: { name: f.name, kind: "database", searchDate: f.date, query, notes: "Demo data (synthetic)." } },
    });
  }
}

/**
 * Creates a fully worked synthetic review owned by `owner`: three database imports with duplicates,
 * blind dual screening with conflicts resolved, full texts, studies, dual extraction with one
 * disagreement settled, quality scores, a locked snapshot, and ALE, SDM and effect-size runs
 * queued. Everything goes through the same services a person's clicks use.
 */
export async function createDemoProject(db: Db, owner: SessionUser, jobs?: JobQueue): Promise<{ projectId: string; runIds: string[] }> {
  const project = await createProject(db, owner.id, {
    title: "Demo — Resting-state ReHo and ALFF in chronic low back pain",
    reviewQuestion: "Do adults with chronic low back pain differ from healthy controls in regional homogeneity (ReHo) or the amplitude of low-frequency fluctuations (ALFF)?",
    registrationId: "DEMO-0001 (synthetic)",
    description: "A worked example with invented studies and numbers. Explore every stage; nothing here is real data.",
  });
  const projectId = project.id;
  const [a, b] = [await demoReviewer(db, projectId, "A"), await demoReviewer(db, projectId, "B")];
  await updateScreeningSettings(db, owner.id, projectId, {
    inclusionCriteria: "Adults with chronic (≥ 3 months) non-specific low back pain vs healthy controls; resting-state fMRI; whole-brain ReHo or ALFF/fALFF; peak coordinates reported.",
    exclusionCriteria: "Reviews, animal studies, task fMRI only, ROI-only analyses, other pain conditions, n < 10 per group.",
    fullTextReasons: ["not CLBP vs healthy controls", "ROI-only results", "no coordinates", "n < 10 per group", "duplicate data"],
    includeTerms: ["chronic low back pain", "regional homogeneity", "ReHo", "ALFF", "resting-state"],
    excludeTerms: ["review", "randomised controlled trial", "knee", "migraine"],
  });
  const candidates = demoCandidates();
  await importDemoSources(db, projectId, owner.id, candidates);

  const byDoi = new Map(candidates.map((c) => [c.doi, c]));
  const pool = await db.select({ id: records.id, doi: records.doi }).from(records).where(and(eq(records.projectId, projectId), isNull(records.duplicateOf), isNull(records.removalReason)));
  const recordOf = new Map<string, string>();
  let conflictBudget = 3;
  for (const r of pool) {
    const c = r.doi ? byDoi.get(r.doi) : undefined;
    if (c) recordOf.set(c.key, r.id);
    const include = c !== undefined && c.verdict !== "ta-exclude";
    await decide(db, a.id, "reviewer", projectId, { recordId: r.id, stage: "title_abstract", decision: include ? "include" : "exclude" });
    const disagree = !include && conflictBudget > 0 && r.doi?.endsWith(".7");
    if (disagree) conflictBudget--;
    await decide(db, b.id, "reviewer", projectId, { recordId: r.id, stage: "title_abstract", decision: disagree ? "maybe" : include ? "include" : "exclude" });
    if (disagree) {
      await resolveConflict(db, owner.id, "owner", projectId, { recordId: r.id, stage: "title_abstract", decision: "exclude", rationale: "Off-topic: not resting-state ReHo/ALFF in CLBP.", consensus: false });
    }
  }

  for (const c of candidates.filter((x) => x.verdict !== "ta-exclude")) {
    const recordId = recordOf.get(c.key)!;
    if (c.verdict === "not-retrieved") {
      await setFullTextStatus(db, owner.id, projectId, { recordId, status: "not_retrieved", notRetrievedReason: "Not available through the library; authors did not reply." });
      continue;
    }
    await setFullTextStatus(db, owner.id, projectId, { recordId, status: "retrieved", link: `https://doi.org/${c.doi}` });
    const include = c.verdict === "include";
    const reason = c.ftReason;
    await decide(db, a.id, "reviewer", projectId, { recordId, stage: "full_text", decision: include ? "include" : "exclude", reason });
    const conflict = c.key === "c17";
    await decide(db, b.id, "reviewer", projectId, { recordId, stage: "full_text", decision: conflict ? "include" : include ? "include" : "exclude", reason: conflict ? undefined : reason });
    if (conflict) await resolveConflict(db, owner.id, "owner", projectId, { recordId, stage: "full_text", decision: "exclude", reason, rationale: "Coordinates are not reported anywhere in the paper or its supplement.", consensus: true });
  }

  const included = candidates.filter((c) => c.verdict === "include" && !c.sameStudyAs);
  for (const [i, c] of included.entries()) {
    const partners = candidates.filter((x) => x.sameStudyAs === c.key).map((x) => recordOf.get(x.key)!);
    const study = await createStudy(db, owner.id, projectId, { label: `${c.firstAuthor} ${c.year}`, recordIds: [recordOf.get(c.key)!, ...partners], isOwner: true });
    const experiments: { id: string }[] = [];
    for (const m of c.modalities) experiments.push(await createExperiment(db, owner.id, projectId, study.id, { label: `CLBP vs HC (${m})`, modality: m }));
    const draft = (slip: boolean) => ({ fields: demoFields(c), experiments: Object.fromEntries(experiments.map((e, k) => [e.id, demoExperimentData(c, k, slip)])) });
    const slip = i === 0; // reviewer B mistypes one coordinate in the first study
    await saveDraft(db, a.id, projectId, study.id, draft(false));
    await submitExtraction(db, a.id, projectId, study.id);
    await saveDraft(db, b.id, projectId, study.id, draft(slip));
    await submitExtraction(db, b.id, projectId, study.id);
    await saveConsensus(db, owner.id, "owner", projectId, study.id, draft(false), slip ? "Reviewer A's y coordinate matches Table 2 of the paper." : "No differences.");
    await saveAssessment(db, a.id, projectId, study.id, demoQualityScores(c), true);
    await saveAssessment(db, b.id, projectId, study.id, demoQualityScores(c, i % 4 === 1 ? 1 : 0), true);
    await saveQualityConsensus(db, owner.id, "owner", projectId, study.id, demoQualityScores(c), "Agreed in a consensus meeting.");
  }
  await lockDataset(db, owner.id, projectId);

  const runs = [
    await createRun(db, owner.id, { projectId, snapshotVersion: 1, kind: "ale", name: "ALE: CLBP vs HC (ReHo + ALFF)", parameters: { iterations: 2000 }, seed: 1 }),
    await createRun(db, owner.id, { projectId, snapshotVersion: 1, kind: "sdm", name: "SDM: CLBP vs HC (ReHo + ALFF)", parameters: { permutations: 200 }, seed: 1 }),
    await createRun(db, owner.id, { projectId, snapshotVersion: 1, kind: "effects", name: "Depression (BDI), CLBP vs HC", parameters: { measure: "SMD", method: "REML", outcome: "BDI" }, seed: 1 }),
  ];
  for (const run of runs) await jobs?.enqueueAnalysis(run.id);
  return { projectId, runIds: runs.map((r) => r.id) };
}
