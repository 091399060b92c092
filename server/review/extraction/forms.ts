import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { extractionForms } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { assertUnlocked } from "../snapshot/lock-state";
import { type FormDefinition, formDefinitionSchema } from "./form-schema";
import { NEUROIMAGING_TEMPLATE } from "./neuro-template";
import { parseInput } from "./parse-input";

export interface FormVersion {
  version: number;
  name: string;
  definition: FormDefinition;
  /** False while the project still uses the built-in template and nobody has extracted yet. */
  persisted: boolean;
}

const TEMPLATE_NAME = "Neuroimaging template";

/** The newest form version (the built-in template as version 1 until something is saved). */
export async function getActiveForm(db: DbOrTx, projectId: string): Promise<FormVersion> {
  const [row] = await db.select().from(extractionForms).where(eq(extractionForms.projectId, projectId)).orderBy(desc(extractionForms.version)).limit(1);
  if (!row) return { version: 1, name: TEMPLATE_NAME, definition: NEUROIMAGING_TEMPLATE, persisted: false };
  return { version: row.version, name: row.name, definition: formDefinitionSchema.parse(row.definition), persisted: true };
}

/** One stored version (extractions keep the version they were started with). */
export async function getFormVersion(db: DbOrTx, projectId: string, version: number): Promise<FormVersion> {
  const [row] = await db.select().from(extractionForms).where(and(eq(extractionForms.projectId, projectId), eq(extractionForms.version, version)));
  if (!row) {
    if (version === 1) return { version: 1, name: TEMPLATE_NAME, definition: NEUROIMAGING_TEMPLATE, persisted: false };
    throw new AppError("NOT_FOUND", `Form version ${version} not found.`);
  }
  return { version: row.version, name: row.name, definition: formDefinitionSchema.parse(row.definition), persisted: true };
}

/** Stores the template as version 1 when the project has no form yet; returns the active version. */
export async function ensureForm(tx: DbOrTx, projectId: string, userId: string): Promise<FormVersion> {
  const active = await getActiveForm(tx, projectId);
  if (active.persisted) return active;
  await tx.insert(extractionForms).values({ projectId, version: 1, name: TEMPLATE_NAME, definition: NEUROIMAGING_TEMPLATE, createdBy: userId }).onConflictDoNothing();
  await recordAudit(tx, { projectId, userId, action: "form.create", entity: "extraction_form", entityId: "1", after: { name: TEMPLATE_NAME, template: true } });
  return { ...active, persisted: true };
}

/** Saves a new form version (owner). Existing extractions keep their version. */
export async function saveForm(db: DbOrTx, userId: string, projectId: string, input: { name: string; definition: unknown }): Promise<FormVersion> {
  const definition = parseInput(formDefinitionSchema, input.definition, "form");
  const name = input.name.trim().slice(0, 200) || "Extraction form";
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await ensureForm(tx, projectId, userId);
    const version = before.version + 1;
    await tx.insert(extractionForms).values({ projectId, version, name, definition, createdBy: userId });
    await recordAudit(tx, { projectId, userId, action: "form.version", entity: "extraction_form", entityId: String(version), before: { version: before.version, fields: before.definition.fields.map((f) => f.key) }, after: { version, name, fields: definition.fields.map((f) => f.key) } });
    return { version, name, definition, persisted: true };
  });
}

/** Every stored version, newest first (for the form builder's history). */
export async function listFormVersions(db: DbOrTx, projectId: string) {
  return db.select({ version: extractionForms.version, name: extractionForms.name, createdAt: extractionForms.createdAt }).from(extractionForms).where(eq(extractionForms.projectId, projectId)).orderBy(desc(extractionForms.version));
}
