import type { Db } from "@/db/client";
import { roleAtLeast } from "@/server/review/projects/roles";
import { getMembershipRole } from "@/server/review/projects/projects";
import { AppError } from "@/server/review/errors";
import { MAX_IMPORT_BYTES } from "@/server/engine/records";
import type { SessionUser } from "@/server/trpc";
import type { Role } from "@/db/roles";
import { importSearch, type ImportProgress } from "./import-search";
import { cancelRunningImport, startRunningImport } from "./running-imports";
import { tooLargeMessage } from "./parse-upload";
import { previewImport } from "./preview";
import { commitSchema, parseChoiceSchema } from "./schema";
import { exportRecordSet, recordSetWhere } from "./record-sets";

const STATUS: Record<AppError["code"], number> = { BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PRECONDITION_FAILED: 412, TOO_MANY_REQUESTS: 429 };
// Multipart framing and the options field ride along with the file.
const MULTIPART_SLACK = 1024 * 1024;

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const status = error.details?.code === "too-large" ? 413 : STATUS[error.code];
    return Response.json({ error: error.message, code: error.code, details: error.details ?? null }, { status });
  }
  throw error;
}

/** Same answers as the tRPC `member()` procedure: non-member (or unknown project) 404, role too low 403. */
export async function requireRole(db: Db, user: SessionUser, projectId: string, minRole: Role): Promise<SessionUser> {
  const role = /^[0-9a-f-]{36}$/i.test(projectId) ? await getMembershipRole(db, projectId, user.id) : null;
  if (!role) throw new AppError("NOT_FOUND", "Project not found.");
  if (!roleAtLeast(role, minRole)) throw new AppError("FORBIDDEN", `This needs the ${minRole} role; you are ${role}.`);
  return user;
}

/**
 * The uploaded file's name and bytes, and the options. Only the bytes leave: the parsed form (and
 * the File in it) becomes garbage before the import starts, so a large upload is held once, not
 * twice, while it is imported.
 */
async function readUpload(request: Request): Promise<{ name: string; bytes: Uint8Array; options: unknown }> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_IMPORT_BYTES + MULTIPART_SLACK) throw new AppError("BAD_REQUEST", tooLargeMessage("The file", declared), { code: "too-large" });
  let form: FormData;
  try {
    form = await request.formData();
  } catch (cause) {
    throw new AppError("BAD_REQUEST", `The upload could not be read as multipart/form-data (${cause instanceof Error ? cause.message : String(cause)}).`);
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Attach the search export as the form field \"file\".");
  if (file.size > MAX_IMPORT_BYTES) throw new AppError("BAD_REQUEST", tooLargeMessage(file.name, file.size), { code: "too-large", file: file.name });
  const raw = form.get("options");
  let options: unknown = {};
  try {
    options = typeof raw === "string" && raw ? JSON.parse(raw) : {};
  } catch {
    throw new AppError("BAD_REQUEST", "The options field is not valid JSON.");
  }
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), options };
}

/**
 * POST /api/projects/:projectId/import?step=preview|commit — multipart `file` + `options` (JSON).
 * Preview parses and reports without storing; commit parses the bytes again on the server and imports.
 * A commit with `importId=<uuid>` can be cancelled by the same person ({@link handleImportCancel}); with
 * `progress=1` it answers as it goes, one JSON object per line (see {@link streamedImport}).
 */
export async function handleImportRequest(db: Db, user: SessionUser | null, projectId: string, request: Request): Promise<Response> {
  try {
    if (!user) return Response.json({ error: "Sign in to continue.", code: "UNAUTHORIZED" }, { status: 401 });
    const caller = await requireRole(db, user, projectId, "reviewer");
    const params = new URL(request.url).searchParams;
    const step = params.get("step") ?? "preview";
    if (step !== "preview" && step !== "commit") throw new AppError("BAD_REQUEST", "step must be preview or commit (cancel has its own handler).");
    const importId = params.get("importId");
    if (importId !== null && !UUID.test(importId)) throw new AppError("BAD_REQUEST", "importId must be a UUID.");
    const { name, bytes, options } = await readUpload(request);
    if (step === "preview") {
      const choice = parseChoiceSchema.safeParse(options);
      if (!choice.success) throw new AppError("BAD_REQUEST", choice.error.issues.map((i) => i.message).join(" "));
      return Response.json(await previewImport(db, projectId, bytes, name, choice.data));
    }
    const run = (onProgress?: (progress: ImportProgress) => void, disconnected?: AbortSignal) => {
      const running = importId ? startRunningImport(importId, caller.id, projectId) : null;
      const signals = [running?.signal, disconnected, request.signal].filter((x): x is AbortSignal => x !== undefined);
      return importSearch(db, { projectId, userId: caller.id, fileName: name, bytes, options: options as never, onProgress, signal: AbortSignal.any(signals) })
        .finally(() => running?.done());
    };
    if (params.get("progress") === "1") return streamedImport(run);
    return Response.json(await run());
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST /api/projects/:projectId/import?step=cancel&importId=<uuid> — stops the caller's own running
 * import (it rolls back). Reads no database: the embedded one is busy with that very import's
 * transaction, and only the person who started it (checked when it started) can name it here.
 */
export function handleImportCancel(userId: string | null, projectId: string, request: Request): Response {
  if (!userId) return Response.json({ error: "Sign in to continue.", code: "UNAUTHORIZED" }, { status: 401 });
  const importId = new URL(request.url).searchParams.get("importId") ?? "";
  if (!UUID.test(importId)) return Response.json({ error: "importId must be a UUID.", code: "BAD_REQUEST" }, { status: 400 });
  return Response.json({ cancelled: cancelRunningImport(importId, userId, projectId) });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An import that reports as it goes: a 50,000-record export takes ~10 s after its upload. The body is
 * newline-delimited JSON — `{"progress":{"step":"saving","records":12000}}` lines, then one
 * `{"result":{…}}` (the summary the plain commit returns) or `{"failure":{"error","code","details","status"}}`:
 * the HTTP status is sent before the import ends, so a failure carries its own.
 */
function streamedImport(run: (onProgress: (progress: ImportProgress) => void, disconnected: AbortSignal) => Promise<unknown>): Response {
  const encoder = new TextEncoder();
  // the browser went away (tab closed, request aborted): the import stops and rolls back
  const disconnected = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => {
        if (!disconnected.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      try {
        send({ result: await run((progress) => send({ progress }), disconnected.signal) });
      } catch (error) {
        send({ failure: await failureOf(error) });
      }
      if (!disconnected.signal.aborted) controller.close();
    },
    cancel() {
      disconnected.abort();
    },
  });
  // no-transform: `next start` would otherwise gzip the body, and gzip holds short lines back until the end
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" } });
}

/** The body and status {@link errorResponse} would send; an unexpected error is logged and reported plainly. */
async function failureOf(error: unknown): Promise<Record<string, unknown>> {
  try {
    const response = errorResponse(error);
    return { ...(await response.json()), status: response.status };
  } catch {
    console.error("import failed", error);
    return { error: "The import failed on the server; nothing was imported.", code: "INTERNAL_SERVER_ERROR", details: null, status: 500 };
  }
}

/** GET /api/projects/:projectId/records/export?set=all|screenable|duplicates|source:<id>&format=ris|csv */
export async function handleExportRequest(db: Db, user: SessionUser | null, projectId: string, request: Request): Promise<Response> {
  try {
    if (!user) return Response.json({ error: "Sign in to continue.", code: "UNAUTHORIZED" }, { status: 401 });
    await requireRole(db, user, projectId, "viewer");
    const params = new URL(request.url).searchParams;
    const format = params.get("format") ?? "ris";
    if (format !== "ris" && format !== "csv") throw new AppError("BAD_REQUEST", "format must be ris or csv.");
    const set = params.get("set") ?? "all";
    recordSetWhere(projectId, set);
    const chunks = exportRecordSet(db, projectId, set, format);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    const name = `records-${set.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}.${format}`;
    return new Response(body, {
      headers: {
        "content-type": format === "ris" ? "application/x-research-info-systems; charset=utf-8" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
