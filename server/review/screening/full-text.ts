import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { fullTextFiles, fullTexts, type FullTextStatus } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { outcomesSql, type StageOutcome } from "./outcomes";
import { getScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

/** Largest PDF accepted (bytea in the database, so keep it modest). */
export const maxFullTextBytes = 25 * 1024 * 1024;

export interface FullTextRow {
  recordId: string;
  title: string;
  authors: string[];
  year: number | null;
  journal: string | null;
  doi: string | null;
  status: FullTextStatus;
  notRetrievedReason: string | null;
  link: string | null;
  fileName: string | null;
  fileSize: number | null;
  /** Full-text screening outcome so far. */
  outcome: StageOutcome;
  decisions: number;
}

/** Reports to retrieve: every record included at title/abstract, with its retrieval status and full-text outcome. */
export async function listFullTexts(db: DbOrTx, projectId: string): Promise<FullTextRow[]> {
  const { reviewersPerRecord } = await getScreeningSettings(db, projectId);
  const rows = await queryRows<{
    record_id: string; title: string | null; authors: string[]; year: number | null; journal: string | null; doi: string | null;
    status: FullTextStatus | null; not_retrieved_reason: string | null; link: string | null; file_name: string | null; file_size: number | null; outcome: StageOutcome; decisions: number;
  }>(
    db,
    sql`select o.record_id, r.title, r.authors, r.year, r.journal, r.doi, f.status, f.not_retrieved_reason, f.link, f.file_name, f.file_size, o.outcome, o.decisions
        from (${outcomesSql(projectId, "full_text", reviewersPerRecord)}) o
        join records r on r.id = o.record_id
        left join full_texts f on f.record_id = o.record_id
        order by r.source_id, r.source_index`,
  );
  return rows.map((r) => ({
    recordId: r.record_id, title: r.title ?? "(no title)", authors: r.authors ?? [], year: r.year, journal: r.journal, doi: r.doi,
    status: r.status ?? "sought", notRetrievedReason: r.not_retrieved_reason, link: r.link, fileName: r.file_name, fileSize: r.file_size === null ? null : Number(r.file_size),
    outcome: r.outcome, decisions: Number(r.decisions),
  }));
}

async function assertSought(db: DbOrTx, projectId: string, recordId: string) {
  const { reviewersPerRecord } = await getScreeningSettings(db, projectId);
  const [row] = await queryRows<{ ok: number }>(
    db,
    sql`select 1 as ok from (${outcomesSql(projectId, "full_text", reviewersPerRecord)}) o where o.record_id = ${recordId}`,
  );
  if (!row) throw new AppError("PRECONDITION_FAILED", "Only records included at title/abstract are sought for full text.");
}

export interface FullTextStatusInput {
  recordId: string;
  status: FullTextStatus;
  notRetrievedReason?: string;
  link?: string;
}

/** Sets a report's retrieval status: sought, retrieved (with a link or an uploaded PDF), or not retrieved (with a reason). */
export async function setFullTextStatus(db: DbOrTx, actorId: string, projectId: string, input: FullTextStatusInput): Promise<void> {
  if (input.status === "not_retrieved" && !input.notRetrievedReason?.trim()) throw new AppError("BAD_REQUEST", "Say why the report could not be retrieved.");
  await db.transaction(async (tx) => {
    await assertSought(tx, projectId, input.recordId);
    const [before] = await tx.select().from(fullTexts).where(eq(fullTexts.recordId, input.recordId)).for("update");
    const [hasFile] = await tx.select({ id: fullTextFiles.recordId }).from(fullTextFiles).where(eq(fullTextFiles.recordId, input.recordId));
    const link = input.link?.trim() || (input.status === "retrieved" ? before?.link ?? null : before?.link ?? null);
    if (input.status === "retrieved" && !link && !hasFile) throw new AppError("BAD_REQUEST", "Add a link or upload the PDF to mark the report retrieved.");
    const values = {
      status: input.status,
      notRetrievedReason: input.status === "not_retrieved" ? input.notRetrievedReason!.trim() : null,
      link,
      updatedBy: actorId,
      updatedAt: new Date(),
    };
    await tx.insert(fullTexts).values({ projectId, recordId: input.recordId, ...values }).onConflictDoUpdate({ target: fullTexts.recordId, set: values });
    await recordAudit(tx, {
      projectId, userId: actorId, action: "full_text.status", entity: "full_text", entityId: input.recordId,
      before: before ? { status: before.status, notRetrievedReason: before.notRetrievedReason, link: before.link } : null,
      after: { status: values.status, notRetrievedReason: values.notRetrievedReason, link: values.link },
    });
  });
}

/** Stores an uploaded PDF and marks the report retrieved. */
export async function uploadFullText(db: DbOrTx, actorId: string, projectId: string, recordId: string, fileName: string, bytes: Uint8Array): Promise<{ sha256: string }> {
  if (bytes.byteLength === 0) throw new AppError("BAD_REQUEST", `${fileName}: the file is empty.`);
  if (bytes.byteLength > maxFullTextBytes) throw new AppError("BAD_REQUEST", `${fileName}: ${(bytes.byteLength / 1048576).toFixed(1)} MB is over the ${maxFullTextBytes / 1048576} MB limit.`);
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") throw new AppError("BAD_REQUEST", `${fileName}: not a PDF (it does not start with %PDF-).`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await db.transaction(async (tx) => {
    await assertSought(tx, projectId, recordId);
    const [before] = await tx.select().from(fullTexts).where(eq(fullTexts.recordId, recordId)).for("update");
    const values = { status: "retrieved" as const, notRetrievedReason: null, fileName, fileSize: bytes.byteLength, fileSha256: sha256, updatedBy: actorId, updatedAt: new Date() };
    await tx.insert(fullTexts).values({ projectId, recordId, ...values }).onConflictDoUpdate({ target: fullTexts.recordId, set: values });
    await tx.insert(fullTextFiles).values({ recordId, bytes }).onConflictDoUpdate({ target: fullTextFiles.recordId, set: { bytes } });
    await recordAudit(tx, {
      projectId, userId: actorId, action: "full_text.upload", entity: "full_text", entityId: recordId,
      before: before ? { status: before.status, fileName: before.fileName, fileSha256: before.fileSha256 } : null,
      after: { status: "retrieved", fileName, fileSize: bytes.byteLength, fileSha256: sha256 },
    });
  });
  return { sha256 };
}

/** The stored PDF of a report in this project, or null. */
export async function getFullTextFile(db: DbOrTx, projectId: string, recordId: string) {
  const [row] = await db
    .select({ fileName: fullTexts.fileName, contentType: fullTextFiles.contentType, bytes: fullTextFiles.bytes })
    .from(fullTexts).innerJoin(fullTextFiles, eq(fullTextFiles.recordId, fullTexts.recordId))
    .where(and(eq(fullTexts.recordId, recordId), eq(fullTexts.projectId, projectId)));
  return row ?? null;
}
