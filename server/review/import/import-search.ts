import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { driverClientOf, type Db, type Tx } from "@/db/client";
import { searchSources } from "@/db/schema";
import { recordAudit } from "@/server/review/audit/record-audit";
import { AppError } from "@/server/review/errors";
import { dedupAfterImport, dedupView, type DedupOutcome, type FreshRecord } from "@/server/review/dedup/run-dedup";
import type { CitationStream } from "@/server/engine/records";
import { importFailure, openUpload, sha256Of } from "./parse-upload";
import { beginBulkInsert, endBulkInsert, INSERT_BATCH, openRecordWriter } from "./insert-records";
import { recordRow } from "./record-row";
import { rememberSourceIndex } from "./search-index";
import { type IndexJob, recordsInFile, startIndexJob } from "./search-index-job";
import { commitSchema } from "./schema";
import type { z } from "zod";

/** Warnings kept on the source row (the preview shows the first ones; the count is always kept). */
const STORED_WARNINGS = 500;

export interface ImportUpload {
  projectId: string;
  userId: string;
  fileName: string;
  bytes: Uint8Array;
  options: z.input<typeof commitSchema>;
  /** Called after each batch of rows is written, and when dedup starts. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting it cancels the import: it rolls back with a "cancelled" error. */
  signal?: AbortSignal;
}

/** How far an import is: records parsed and written so far, then deduplication. */
export interface ImportProgress {
  step: "saving" | "deduplicating";
  records: number;
}

/**
 * Lets sockets and timers run between batches. Embedded PGlite works on this thread and its promises
 * resolve without real I/O, so an import would otherwise be one unbroken chain of microtasks: progress
 * lines would sit unsent and a cancel request would not even be read until the import had finished.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Stops an import whose signal was aborted; thrown inside its transaction, so nothing stays. */
function checkNotCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError("BAD_REQUEST", "The import was cancelled: none of its records were kept.", { code: "cancelled" });
}

export interface ImportSummary {
  sourceId: string;
  name: string;
  format: string;
  encoding: string;
  recordCount: number;
  warningCount: number;
  dedup: DedupOutcome;
  /**
   * Wall-clock milliseconds per step: parsing and building rows (search index included), writing
   * rows (COPY; on PostgreSQL the server works while parsing goes on, so this is the wait for it),
   * ANALYZE, dedup with its writes. For the benchmark and the server log.
   */
  timings: { parseMs: number; insertMs: number; indexMs: number; dedupMs: number };
}

/**
 * Streams the parsed records into the database (COPY) and the search index job, batch by batch,
 * and keeps what dedup compares of each new record: dedup reads them from here instead of back from
 * the database — no abstract text (only its length counts) and only the publication-type raw fields,
 * not the whole row (see {@link dedupView}).
 */
async function writeRecords(
  tx: Tx,
  stream: CitationStream,
  ids: { projectId: string; sourceId: string },
  searchIndex: IndexJob,
  lap: (step: "parseMs" | "insertMs") => void,
  upload: Pick<ImportUpload, "onProgress" | "signal">,
): Promise<{ count: number; fresh: FreshRecord[] }> {
  const writer = await openRecordWriter(tx);
  const fresh: FreshRecord[] = [];
  let batch: ReturnType<typeof importRow>[] = [];
  const flush = async () => {
    checkNotCancelled(upload.signal);
    const written = batch.length;
    searchIndex.add(batch);
    lap("parseMs");
    await writer.write(batch);
    lap("insertMs");
    batch = [];
    // the last flush is empty when the count is a multiple of the batch: no second line for the same count
    if (written) upload.onProgress?.({ step: "saving", records: fresh.length });
    await yieldToEventLoop();
  };
  try {
    for (const record of stream.records) {
      const row = importRow(record, { ...ids, sourceIndex: fresh.length + 1 });
      fresh.push({ id: row.id, sourceId: ids.sourceId, ...dedupView(row) });
      batch.push(row);
      if (batch.length === INSERT_BATCH) await flush();
    }
    await flush();
    await writer.end();
    lap("insertMs");
  } catch (error) {
    await writer.abort(error);
    throw error;
  }
  return { count: fresh.length, fresh };
}

// ids made here so dedup and search can name the new rows without reading them back
const importRow = (...args: Parameters<typeof recordRow>) => ({ id: randomUUID(), ...recordRow(...args) });

/**
 * Imports one search export as a search source: re-parses the uploaded bytes on the server, inserts
 * the records in batches and deduplicates them against the project, all in ONE transaction with
 * its audit row — a malformed record part-way leaves the database as it was. The same file (by
 * SHA-256) is refused with CONFLICT unless `confirmDuplicateFile` is set.
 */
export async function importSearch(db: Db, upload: ImportUpload): Promise<ImportSummary> {
  const parsedOptions = commitSchema.safeParse(upload.options);
  if (!parsedOptions.success) throw new AppError("BAD_REQUEST", parsedOptions.error.issues.map((i) => i.message).join(" "));
  const options = parsedOptions.data;
  const { projectId, userId, fileName, bytes } = upload;
  const sha256 = sha256Of(bytes);
  const stream = openUpload(bytes, fileName, options);
  if (!options.confirmDuplicateFile) {
    const [same] = await db
      .select({ name: searchSources.name, importedAt: searchSources.importedAt })
      .from(searchSources)
      .where(and(eq(searchSources.projectId, projectId), eq(searchSources.fileSha256, sha256)))
      .limit(1);
    if (same) {
      throw new AppError("CONFLICT", `${fileName} was already imported (as "${same.name}" on ${same.importedAt.toISOString().slice(0, 10)}). Confirm to import the same file again.`, { code: "same-file", sha256 });
    }
  }
  const searchIndex = startIndexJob(recordsInFile(bytes.length), driverClientOf(db).kind === "pglite");
  try {
    const { summary, index } = await db.transaction(async (tx) => {
      const [source] = await tx
        .insert(searchSources)
        .values({ projectId, ...options.source, fileName, fileSha256: sha256, format: stream.format, importedBy: userId })
        .returning({ id: searchSources.id });
      const timings = { parseMs: 0, insertMs: 0, indexMs: 0, dedupMs: 0 };
      let t = performance.now();
      const lap = (step: keyof typeof timings) => {
        const now = performance.now();
        timings[step] += now - t;
        t = now;
      };
      await beginBulkInsert(tx);
      const { count, fresh } = await writeRecords(tx, stream, { projectId, sourceId: source.id }, searchIndex, lap, upload);
      // the index gets every record now: its worker finishes (and frees its memory) while dedup runs
      const index = searchIndex.finish();
      index.catch(() => {}); // reported by rememberSourceIndex once the import commits
      await endBulkInsert(tx, count);
      lap("indexMs");
      const warnings = stream.warnings.slice(0, STORED_WARNINGS);
      await tx.update(searchSources).set({ recordCount: count, warnings }).where(eq(searchSources.id, source.id));
      checkNotCancelled(upload.signal);
      upload.onProgress?.({ step: "deduplicating", records: count });
      await yieldToEventLoop();
      const dedup = await dedupAfterImport(tx, projectId, source.id, fresh);
      checkNotCancelled(upload.signal);
      fresh.length = 0;
      lap("dedupMs");
      await recordAudit(tx, {
        projectId,
        userId,
        action: "records.import",
        entity: "search_source",
        entityId: source.id,
        after: { ...options.source, fileName, sha256, format: stream.format, encoding: stream.encoding, records: count, warnings: stream.warnings.length, autoMerged: dedup.autoMerged, queued: dedup.queued },
      });
      const summary: ImportSummary = { sourceId: source.id, name: options.source.name, format: stream.format, encoding: stream.encoding, recordCount: count, warningCount: stream.warnings.length, dedup, timings };
      return { summary, index };
    });
    // only now: a rolled-back import must not leave a searchable source behind
    rememberSourceIndex(db, projectId, summary.sourceId, index);
    return summary;
  } catch (error) {
    searchIndex.cancel();
    throw importFailure(error);
  }
}
