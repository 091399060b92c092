import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { studies } from "@/db/schema";

/** The study's label, or null when it is not in this project (pages answer 404). */
export async function studyLabel(db: DbOrTx, projectId: string, studyId: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(studyId)) return null;
  const [row] = await db.select({ label: studies.label }).from(studies).where(and(eq(studies.id, studyId), eq(studies.projectId, projectId)));
  return row?.label ?? null;
}
