import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { defaultFullTextReasons, screeningSettings, type StoppingRule } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { screeningSettingsChanged } from "./queue-hints";
import type { ScreeningSettingsInput } from "./schema";

export type ScreeningSettings = typeof screeningSettings.$inferSelect;

/**
 * Settings are read on every screening request but change a few times per project, so they are
 * kept in memory per project: dropped when this process saves them, and re-read after
 * `settingsTtlMs` so a change saved by another server process is seen within seconds.
 */
const settingsTtlMs = 5_000;
const settingsCache = new Map<string, { at: number; settings: Readonly<ScreeningSettings> }>();

/** The project's screening settings; the defaults (2 reviewers, prioritised, blind) until the owner saves any. Treat as read-only (cached). */
export async function getScreeningSettings(db: DbOrTx, projectId: string): Promise<ScreeningSettings> {
  const hit = settingsCache.get(projectId);
  if (hit && Date.now() - hit.at < settingsTtlMs) return hit.settings;
  const [row] = await db.select().from(screeningSettings).where(eq(screeningSettings.projectId, projectId));
  const settings = Object.freeze(row ?? defaultSettings(projectId));
  settingsCache.set(projectId, { at: Date.now(), settings });
  if (settingsCache.size > 1_000) settingsCache.delete(settingsCache.keys().next().value!);
  return settings;
}

/** Forgets the cached settings of a project (after a save, or when a test changes them directly). */
export function forgetScreeningSettings(projectId: string): void {
  settingsCache.delete(projectId);
}

function defaultSettings(projectId: string): ScreeningSettings {
  return {
    projectId,
    reviewersPerRecord: 2,
    screenerIds: [],
    inclusionCriteria: "",
    exclusionCriteria: "",
    fullTextReasons: [...defaultFullTextReasons],
    includeTerms: [],
    excludeTerms: [],
    prioritise: true,
    stoppingRule: { kind: "none", n: 0, rationale: "" } satisfies StoppingRule,
    unblinded: false,
    updatedBy: null,
    updatedAt: new Date(0),
  };
}

/** Saves the owner's changes (partial) with an audit row holding the fields before and after. */
export async function updateScreeningSettings(db: DbOrTx, actorId: string, projectId: string, input: ScreeningSettingsInput): Promise<ScreeningSettings> {
  forgetScreeningSettings(projectId);
  try {
    return await saveSettings(db, actorId, projectId, input);
  } finally {
    // Dropped again after the commit: a read between the two would have cached the old row.
    forgetScreeningSettings(projectId);
    screeningSettingsChanged(projectId);
  }
}

async function saveSettings(db: DbOrTx, actorId: string, projectId: string, input: ScreeningSettingsInput): Promise<ScreeningSettings> {
  return db.transaction(async (tx) => {
    await tx.insert(screeningSettings).values({ projectId }).onConflictDoNothing();
    const [before] = await tx.select().from(screeningSettings).where(eq(screeningSettings.projectId, projectId)).for("update");
    const changes = normalise(input);
    const [after] = await tx
      .update(screeningSettings)
      .set({ ...changes, updatedBy: actorId, updatedAt: new Date() })
      .where(eq(screeningSettings.projectId, projectId))
      .returning();
    const changed = Object.keys(changes) as (keyof typeof changes)[];
    await recordAudit(tx, {
      projectId,
      userId: actorId,
      action: "screening.settings",
      entity: "screening_settings",
      entityId: projectId,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after;
  });
}

function normalise(input: ScreeningSettingsInput) {
  const clean = (list: string[] | undefined) => (list === undefined ? undefined : [...new Set(list.map((s) => s.trim()).filter(Boolean))]);
  const out: Partial<Omit<ScreeningSettings, "projectId" | "updatedBy" | "updatedAt">> = {};
  if (input.reviewersPerRecord !== undefined) out.reviewersPerRecord = input.reviewersPerRecord;
  if (input.screenerIds !== undefined) out.screenerIds = [...new Set(input.screenerIds)];
  if (input.inclusionCriteria !== undefined) out.inclusionCriteria = input.inclusionCriteria;
  if (input.exclusionCriteria !== undefined) out.exclusionCriteria = input.exclusionCriteria;
  if (input.fullTextReasons !== undefined) out.fullTextReasons = clean(input.fullTextReasons);
  if (input.includeTerms !== undefined) out.includeTerms = clean(input.includeTerms);
  if (input.excludeTerms !== undefined) out.excludeTerms = clean(input.excludeTerms);
  if (input.prioritise !== undefined) out.prioritise = input.prioritise;
  if (input.stoppingRule !== undefined) out.stoppingRule = input.stoppingRule;
  if (input.unblinded !== undefined) out.unblinded = input.unblinded;
  return out;
}
