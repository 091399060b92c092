import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { qualityChecklists } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { assertUnlocked } from "../snapshot/lock-state";
import { parseInput } from "../extraction/parse-input";

export const scoreOptionSchema = z.object({ label: z.string().trim().min(1).max(60), score: z.number().finite().min(-100).max(100) });
export const checklistItemSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,32}$/),
  section: z.string().trim().max(80).default(""),
  text: z.string().trim().min(1).max(500),
  guidance: z.string().max(2000).default(""),
  options: z.array(scoreOptionSchema).min(2).max(10),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export const checklistItemsSchema = z
  .array(checklistItemSchema)
  .min(1)
  .max(60)
  .refine((items) => new Set(items.map((i) => i.key)).size === items.length, "Item keys must be unique.");

const FULL_PARTIAL_UNMET = [
  { label: "Fully met", score: 1 },
  { label: "Partially met", score: 0.5 },
  { label: "Unmet", score: 0 },
];

type Preset = { id: "neuro10" | "neuro11"; name: string; items: ChecklistItem[] };

const subjects = "Subjects";
const imaging = "Image acquisition and analysis";
const results = "Results and conclusions";
const item = (n: number, section: string, text: string, guidance: string): ChecklistItem => ({ key: `q${n}`, section, text, guidance, options: FULL_PARTIAL_UNMET });
const first7 = [
  item(1, subjects, "Patients were evaluated prospectively, specific diagnostic criteria were applied, and demographic data were reported.", "Full: prospective, named criteria (e.g. IASP, ICD) and demographics; partial: one element missing."),
  item(2, subjects, "Healthy comparison subjects were evaluated prospectively; psychiatric and medical illnesses were excluded.", "Full: prospective recruitment and explicit exclusion of illnesses; partial: exclusions incomplete."),
  item(3, subjects, "Important variables (e.g. age, sex, illness duration, onset, medication, comorbidity, severity) were checked, by stratification or statistically.", "Full: matched or covaried for the main confounders; partial: some checked."),
  item(4, subjects, "Sample size per group ≥ 10.", "Full: every group ≥ 10; unmet otherwise."),
  item(5, imaging, "Magnet strength ≥ 1.5 T.", "Full: ≥ 1.5 T; unmet below or not reported."),
  item(6, imaging, "Whole-brain analysis was automated, with no a priori regional selection.", "Full: voxel-wise whole brain; partial: whole brain with small-volume corrections; unmet: ROI only."),
  item(7, imaging, "Coordinates were reported in a standard space (MNI or Talairach).", "Full: space stated and coordinates tabulated."),
];

/** The two presets of docs/quality-checklist.md. */
export const QUALITY_PRESETS: Record<Preset["id"], Preset> = {
  neuro10: {
    id: "neuro10",
    name: "Neuroimaging 10-point",
    items: [
      ...first7,
      item(8, imaging, "Image acquisition, processing and measurements were described clearly enough to be reproduced.", "Full: sequence parameters, preprocessing and measures described."),
      item(9, results, "Statistical parameters were provided for significant and important non-significant differences.", "Full: statistics (t/z, p) for peaks; partial: only some."),
      item(10, results, "Conclusions were consistent with the results obtained, and the limitations were discussed.", "Full: consistent and limitations discussed; partial: one of the two."),
    ],
  },
  neuro11: {
    id: "neuro11",
    name: "Neuroimaging 11-item (Shepherd 2012; Du 2014)",
    items: [
      ...first7,
      item(8, imaging, "Processing of the imaging technique was described clearly enough to be reproduced.", "Full: preprocessing pipeline reproducible."),
      item(9, imaging, "Measurements were described clearly enough to be reproduced.", "Full: how the measure (ReHo, ALFF…) was computed is reproducible."),
      item(10, results, "Statistical parameters were provided for significant and important non-significant differences.", "Full: statistics (t/z, p) for peaks; partial: only some."),
      item(11, results, "Conclusions were consistent with the results obtained, and the limitations were discussed.", "Full: consistent and limitations discussed; partial: one of the two."),
    ],
  },
};

export interface Checklist {
  id: string | null;
  name: string;
  preset: string | null;
  items: ChecklistItem[];
}

/** The active checklist (the 10-point preset until the owner picks or stores one). */
export async function getActiveChecklist(db: DbOrTx, projectId: string): Promise<Checklist> {
  const [row] = await db.select().from(qualityChecklists).where(and(eq(qualityChecklists.projectId, projectId), eq(qualityChecklists.active, true)));
  if (!row) return { id: null, name: QUALITY_PRESETS.neuro10.name, preset: "neuro10", items: QUALITY_PRESETS.neuro10.items };
  return { id: row.id, name: row.name, preset: row.preset, items: checklistItemsSchema.parse(row.items) };
}

/** Stores the active checklist when it is still the implicit default; returns it with its id. */
export async function ensureChecklist(tx: DbOrTx, projectId: string, userId: string): Promise<Checklist & { id: string }> {
  const active = await getActiveChecklist(tx, projectId);
  if (active.id) return active as Checklist & { id: string };
  const [row] = await tx.insert(qualityChecklists).values({ projectId, name: active.name, preset: active.preset, items: active.items, active: true, createdBy: userId }).returning();
  await recordAudit(tx, { projectId, userId, action: "quality.checklist.create", entity: "quality_checklist", entityId: row.id, after: { name: row.name, preset: row.preset } });
  return { ...active, id: row.id };
}

export async function listChecklists(db: DbOrTx, projectId: string) {
  const rows = await db.select().from(qualityChecklists).where(eq(qualityChecklists.projectId, projectId)).orderBy(asc(qualityChecklists.createdAt));
  return rows.map((r) => ({ id: r.id, name: r.name, preset: r.preset, active: r.active, itemCount: (r.items as unknown[]).length }));
}

async function activate(tx: DbOrTx, projectId: string, id: string) {
  await tx.update(qualityChecklists).set({ active: false }).where(and(eq(qualityChecklists.projectId, projectId), eq(qualityChecklists.active, true)));
  await tx.update(qualityChecklists).set({ active: true }).where(eq(qualityChecklists.id, id));
}

/** Owner: make a preset or a stored checklist the active one. */
export async function chooseChecklist(db: DbOrTx, userId: string, projectId: string, choice: { preset: "neuro10" | "neuro11" } | { checklistId: string }) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await getActiveChecklist(tx, projectId);
    let id: string;
    if ("preset" in choice) {
      const [existing] = await tx.select().from(qualityChecklists).where(and(eq(qualityChecklists.projectId, projectId), eq(qualityChecklists.preset, choice.preset)));
      const p = QUALITY_PRESETS[choice.preset];
      id = existing?.id ?? (await tx.insert(qualityChecklists).values({ projectId, name: p.name, preset: p.id, items: p.items, createdBy: userId }).returning())[0].id;
    } else {
      const [existing] = await tx.select().from(qualityChecklists).where(and(eq(qualityChecklists.projectId, projectId), eq(qualityChecklists.id, choice.checklistId)));
      if (!existing) throw new AppError("NOT_FOUND", "Checklist not found.");
      id = existing.id;
    }
    await activate(tx, projectId, id);
    await recordAudit(tx, { projectId, userId, action: "quality.checklist.choose", entity: "quality_checklist", entityId: id, before: { name: before.name }, after: choice });
    return getActiveChecklist(tx, projectId);
  });
}

/** Owner: store a custom checklist (own items and scores) and make it active. */
export async function createCustomChecklist(db: DbOrTx, userId: string, projectId: string, input: { name: string; items: unknown }) {
  const items = parseInput(checklistItemsSchema, input.items, "checklist");
  const name = input.name.trim().slice(0, 200);
  if (!name) throw new AppError("BAD_REQUEST", "The checklist needs a name.");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const [row] = await tx.insert(qualityChecklists).values({ projectId, name, preset: null, items, createdBy: userId }).returning();
    await activate(tx, projectId, row.id);
    await recordAudit(tx, { projectId, userId, action: "quality.checklist.custom", entity: "quality_checklist", entityId: row.id, after: { name, items } });
    return getActiveChecklist(tx, projectId);
  });
}
