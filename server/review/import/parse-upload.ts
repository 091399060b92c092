import { createHash } from "node:crypto";
import { AppError } from "@/server/review/errors";
import { ImportError, MAX_IMPORT_BYTES, openCitations, type CitationStream } from "@/server/engine/records";
import type { ParseChoice } from "./schema";

/** Hex SHA-256 of an uploaded file: identifies re-uploads of the same export. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The message for a file over the size limit (shared by the route, which checks Content-Length first). */
export function tooLargeMessage(fileName: string, bytes: number): string {
  return `${fileName} is ${(bytes / 1048576).toFixed(1)} MB; the largest file Concord imports is ${MAX_IMPORT_BYTES / 1048576} MB. Split the export (most databases export in batches) and import each part.`;
}

/** ImportError (file, line/record, field, expected) as the BAD_REQUEST every caller shows as is. */
export function importFailure(error: unknown): unknown {
  if (!(error instanceof ImportError)) return error;
  return new AppError("BAD_REQUEST", error.message, {
    code: error.code,
    file: error.file,
    format: error.format,
    line: error.line,
    record: error.record,
    field: error.field,
    expected: error.expected,
  });
}

/** Opens an uploaded export with the person's choices; size and format problems become AppErrors. */
export function openUpload(bytes: Uint8Array, fileName: string, choice: ParseChoice): CitationStream {
  if (bytes.length > MAX_IMPORT_BYTES) throw new AppError("BAD_REQUEST", tooLargeMessage(fileName, bytes.length), { code: "too-large", file: fileName });
  try {
    return openCitations(bytes, { fileName, format: choice.format ?? "auto", csvMapping: choice.csvMapping });
  } catch (error) {
    throw importFailure(error);
  }
}
