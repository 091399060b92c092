import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/trpc";
import { AppError } from "../errors";
import { getMembershipRole } from "../projects/projects";
import { roleAtLeast } from "../projects/roles";
import { getFullTextFile, maxFullTextBytes, uploadFullText } from "./full-text";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const status: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400, PRECONDITION_FAILED: 412, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };

function json(body: unknown, code: number) {
  return Response.json(body, { status: code });
}

async function access(db: Db, user: SessionUser | null, projectId: string, recordId: string, minRole: "viewer" | "reviewer") {
  if (!user) return json({ error: "Sign in to continue." }, 401);
  const role = uuid.test(projectId) && uuid.test(recordId) ? await getMembershipRole(db, projectId, user.id) : null;
  if (!role) return json({ error: "Not found." }, 404);
  if (!roleAtLeast(role, minRole)) return json({ error: `This needs the ${minRole} role; you are ${role}.` }, 403);
  return null;
}

/** GET: the stored PDF, to members only (never public), as an attachment-safe inline download. */
export async function handleFullTextDownload(db: Db, user: SessionUser | null, projectId: string, recordId: string): Promise<Response> {
  const refused = await access(db, user, projectId, recordId, "viewer");
  if (refused) return refused;
  const file = await getFullTextFile(db, projectId, recordId);
  if (!file) return json({ error: "No PDF stored for this report." }, 404);
  const name = (file.fileName ?? "full-text.pdf").replace(/[^\w.\- ]+/g, "_");
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `inline; filename="${name}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

/** POST multipart `file`: stores the PDF and marks the report retrieved (reviewers and above). */
export async function handleFullTextUpload(db: Db, user: SessionUser | null, projectId: string, recordId: string, request: Request): Promise<Response> {
  const refused = await access(db, user, projectId, recordId, "reviewer");
  if (refused) return refused;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxFullTextBytes + 64 * 1024) return json({ error: `The file is over the ${maxFullTextBytes / 1048576} MB limit.` }, 413);
  const form = await request.formData().catch(() => null);
  const file = form?.get("file");
  if (!(file instanceof File)) return json({ error: "Send the PDF as multipart field 'file'." }, 400);
  try {
    const { sha256 } = await uploadFullText(db, user!.id, projectId, recordId, file.name || "full-text.pdf", new Uint8Array(await file.arrayBuffer()));
    return json({ ok: true, sha256 }, 200);
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, status[error.code] ?? 400);
    throw error;
  }
}
