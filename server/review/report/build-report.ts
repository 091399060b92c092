import { and, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisOutputs, analysisRuns, datasetSnapshots, duplicatePairs, searchSources } from "@/db/schema";
import packageJson from "@/package.json";
import { getProject } from "../projects/projects";
import { getPrismaReport, type PrismaReport } from "../prisma/get-prisma-counts";
import { screeningMethod } from "../screening/method";
import { stageAgreement } from "../screening/agreement";
import type { SnapshotDataset } from "../snapshot/dataset";
import { renderBrainMosaic } from "./brain-mosaic";
import { describeRun, type RunForReport } from "./describe-run";

export interface Report {
  project: { title: string; reviewQuestion: string; registrationId: string | null; description: string };
  generatedAt: string;
  softwareVersion: string;
  methods: { heading: string; text: string }[];
  sources: { name: string; kind: string; searchDate: string | null; query: string; count: number }[];
  prisma: PrismaReport;
  snapshot: { version: number; sha256: string; lockedAt: Date } | null;
  characteristics: { columns: string[]; rows: string[][] };
  quality: { items: { key: string; text: string }[]; rows: { study: string; scores: (number | null)[]; total: number | null }[] };
  runs: RunForReport[];
}

// percentAgreement is already in percent; the asymptotic CI of kappa is truncated to [−1, 1] for display.
const fmtKappa = (a: { kappa: number | null; ci95: [number, number] | null; percentAgreement: number; n: number }) =>
  a.kappa === null
    ? `${a.percentAgreement.toFixed(1)}% agreement on ${a.n} records`
    : `κ = ${a.kappa.toFixed(2)} (95% CI ${Math.max(-1, a.ci95![0]).toFixed(2)} to ${Math.min(1, a.ci95![1]).toFixed(2)}; ${a.percentAgreement.toFixed(1)}% agreement, n = ${a.n})`;

/**
 * Everything the report page shows, gathered from the project's real data and settings: the methods
 * paragraphs are written from what was actually done (sources and dates, dedup, screening,
 * agreement, the extraction form and checklist of the locked snapshot, and each analysis's
 * parameters and software version).
 */
export async function buildReport(db: DbOrTx, projectId: string, opts: { withFigures?: boolean } = {}): Promise<Report> {
  const project = await getProject(db, projectId);
  const sources = await db
    .select({ name: searchSources.name, kind: searchSources.kind, searchDate: searchSources.searchDate, query: searchSources.query, count: searchSources.recordCount })
    .from(searchSources)
    .where(eq(searchSources.projectId, projectId))
    .orderBy(searchSources.importedAt);
  const prisma = await getPrismaReport(db, projectId);
  const merges = await db
    .select({ auto: duplicatePairs.auto, n: count() })
    .from(duplicatePairs)
    .where(and(eq(duplicatePairs.projectId, projectId), eq(duplicatePairs.status, "merged")))
    .groupBy(duplicatePairs.auto);
  const method = await screeningMethod(db, projectId);
  const [ta, ft] = [await stageAgreement(db, projectId, "title_abstract"), await stageAgreement(db, projectId, "full_text")];
  const [snapRow] = await db.select().from(datasetSnapshots).where(eq(datasetSnapshots.projectId, projectId)).orderBy(desc(datasetSnapshots.version)).limit(1);
  const snapshot = snapRow ? (JSON.parse(snapRow.canonicalJson) as SnapshotDataset) : null;
  const runs = await reportRuns(db, projectId, opts.withFigures ?? true);

  const methods: Report["methods"] = [];
  if (sources.length) {
    const list = sources.map((s) => `${s.name}${s.searchDate ? ` (searched ${s.searchDate})` : ""}, ${s.count.toLocaleString("en-US")} records`).join("; ");
    methods.push({ heading: "Search", text: `We searched ${sources.length} source${sources.length === 1 ? "" : "s"}: ${list}. The full search strings are listed in the search table below.` });
  }
  const auto = merges.find((m) => m.auto)?.n ?? 0;
  const manual = merges.find((m) => !m.auto)?.n ?? 0;
  methods.push({
    heading: "Deduplication",
    text: `Duplicate records were identified by exact DOI and PubMed ID matches and by fuzzy matching of normalised titles, first author, year, journal and pages (Concord ${packageJson.version}). ${prisma.counts.duplicates.toLocaleString("en-US")} duplicate records were removed (${auto} merged automatically as certain duplicates, ${manual} after review of uncertain pairs).`,
  });
  const agreement = [ta[0] && `title/abstract ${fmtKappa(ta[0])}`, ft[0] && `full text ${fmtKappa(ft[0])}`].filter(Boolean).join("; ");
  methods.push({ heading: "Study selection", text: `${method.text}${agreement ? ` Inter-rater agreement (Cohen's kappa): ${agreement}.` : ""}` });
  if (snapshot && snapRow) {
    methods.push({
      heading: "Data extraction and quality assessment",
      text: `Two reviewers extracted data independently with a ${snapshot.form.fields.length}-field form (version ${snapshot.form.version}), with coordinates in MNI space (Talairach coordinates converted with the Lancaster tal2icbm transform); disagreements were resolved by consensus. Study quality was rated with the “${snapshot.checklist.name}” checklist (${snapshot.checklist.items.length} items scored 1 / 0.5 / 0) by two reviewers independently, with a third reviewer where needed. The dataset was locked as snapshot version ${snapRow.version} (SHA-256 ${snapRow.sha256}).`,
    });
  }
  for (const run of runs) methods.push({ heading: run.name, text: run.methods });

  return {
    project: { title: project.title, reviewQuestion: project.reviewQuestion, registrationId: project.registrationId, description: project.description },
    generatedAt: new Date().toISOString(),
    softwareVersion: packageJson.version,
    methods,
    sources: sources.map((s) => ({ ...s, searchDate: s.searchDate ?? null })),
    prisma,
    snapshot: snapRow ? { version: snapRow.version, sha256: snapRow.sha256, lockedAt: snapRow.lockedAt } : null,
    characteristics: snapshot ? characteristics(snapshot) : { columns: [], rows: [] },
    quality: snapshot ? qualityTable(snapshot) : { items: [], rows: [] },
    runs,
  };
}

/** Table 1 of a paper: one row per study, with sample sizes, modalities and the form's simple fields. */
function characteristics(s: SnapshotDataset): Report["characteristics"] {
  const simple = s.form.fields.filter((f) => f.type !== "table").slice(0, 8);
  const columns = ["Study", "Experiments", "n (patients / controls)", ...simple.map((f) => f.label)];
  const show = (v: unknown) => (v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : typeof v === "boolean" ? (v ? "yes" : "no") : String(v));
  const rows = s.studies.map((st) => [
    st.label,
    st.experiments.map((e) => `${e.label} (${e.modality}${e.subgroup ? `, ${e.subgroup}` : ""})`).join("; "),
    st.experiments.map((e) => `${e.n1}${e.n2 !== null ? ` / ${e.n2}` : ""}`).join("; "),
    ...simple.map((f) => show(st.fields[f.key])),
  ]);
  return { columns, rows };
}

function qualityTable(s: SnapshotDataset): Report["quality"] {
  const items = s.checklist.items.map((i) => ({ key: i.key, text: i.text }));
  return { items, rows: s.studies.map((st) => ({ study: st.label, scores: items.map((i) => st.quality.scores[i.key] ?? null), total: st.quality.total })) };
}

async function reportRuns(db: DbOrTx, projectId: string, withFigures: boolean): Promise<RunForReport[]> {
  const runs = await db.select().from(analysisRuns).where(and(eq(analysisRuns.projectId, projectId), eq(analysisRuns.status, "succeeded"))).orderBy(analysisRuns.createdAt);
  const out: RunForReport[] = [];
  for (const run of runs) {
    const outputs = await db.select().from(analysisOutputs).where(eq(analysisOutputs.runId, run.id));
    const byName = new Map(outputs.map((o) => [o.name, o]));
    const figures: { caption: string; pngBase64: string }[] = [];
    if (withFigures) {
      const map = byName.get("ale_z_thresholded.nii.gz") ?? byName.get("sdm_z_thresholded.nii.gz");
      if (map?.bytes) figures.push({ caption: "Thresholded z map over the MNI template (axial slices).", pngBase64: renderBrainMosaic(map.bytes).toString("base64") });
      for (const name of ["forest.png", "funnel.png"]) {
        const o = byName.get(name);
        if (o?.bytes) figures.push({ caption: name === "forest.png" ? "Forest plot." : "Contour-enhanced funnel plot (trim-and-fill studies hollow).", pngBase64: Buffer.from(o.bytes).toString("base64") });
      }
    }
    out.push(describeRun(run, byName, figures));
  }
  return out;
}
