import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DbOrTx } from "@/db/client";
import type { SessionUser } from "@/server/trpc";
import { AppError } from "../errors";
import { getMembershipRole } from "../projects/projects";
import { getRunOutput } from "./results";

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Types shown in the browser with `?inline=1` (plots in <img>); everything else is an attachment. */
const INLINE_TYPES = new Set(["image/png", "image/svg+xml"]);

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: message, code }, { status });
}

/** A file name safe in a header: the run's name slug + the output name. */
export function downloadFileName(runName: string, outputName: string): string {
  const slug = runName
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .toLowerCase()
    .slice(0, 60);
  const safeOutput = outputName.replace(/[^\w.-]/g, "_");
  return slug ? `${slug}_${safeOutput}` : safeOutput;
}

/**
 * GET /api/projects/:projectId/analysis/:runId/outputs/:name — one output of a run, for members
 * of the project (any role). Signed out: 401; non-member, unknown project, run or output: 404
 * (the same answer, so ids cannot be probed). `?inline=1` shows PNG/SVG plots in the page.
 */
export async function handleOutputRequest(db: DbOrTx, user: SessionUser | null, params: { projectId: string; runId: string; name: string }, request: Request): Promise<Response> {
  if (!user) return problem(401, "UNAUTHORIZED", "Sign in to continue.");
  const { projectId, runId, name } = params;
  const role = uuidShape.test(projectId) ? await getMembershipRole(db, projectId, user.id) : null;
  if (!role) return problem(404, "NOT_FOUND", "Project not found.");
  try {
    const output = await getRunOutput(db, projectId, runId, name);
    const inline = new URL(request.url).searchParams.get("inline") === "1" && INLINE_TYPES.has(output.contentType);
    const file = downloadFileName(output.run.name, output.name);
    return new Response(output.body as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "Content-Type": output.contentType.startsWith("text/") || output.contentType === "application/json" ? `${output.contentType}; charset=utf-8` : output.contentType,
        "Content-Length": String(output.body.byteLength),
        "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${file}"; filename*=UTF-8''${encodeURIComponent(file)}`,
        // Outputs of a finished run never change; members re-use them while paging around.
        "Cache-Control": "private, max-age=600",
        "X-Content-Type-Options": "nosniff",
        // An SVG opened directly must not run script.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return problem(404, "NOT_FOUND", error.message);
    throw error;
  }
}

/** The display files the viewer may load from `data/atlas/` (allow-list: nothing else is served). */
export const ATLAS_FILES: Readonly<Record<string, string>> = Object.freeze({
  "ch2bet_2mm.nii.gz": "application/gzip",
  "aal_2mm.nii.gz": "application/gzip",
  "aal_labels.tsv": "text/tab-separated-values; charset=utf-8",
  "brain_mask_2mm.nii.gz": "application/gzip",
});

/**
 * `data/atlas` under the working directory (or CONCORD_ATLAS_DIR, as the engine reads it). Built
 * from an array on purpose: Turbopack treats `path.join(process.cwd(), "data/atlas", x)` as a
 * file pattern and tries to bundle every file there as a module, which fails the build.
 */
function atlasDirectory(): string {
  return process.env.CONCORD_ATLAS_DIR ?? [process.cwd(), "data", "atlas"].join(path.sep);
}

/** GET /api/atlas/:file — the template and label atlas (public BSD-licensed data, see data/atlas/README.md). */
export async function handleAtlasRequest(file: string): Promise<Response> {
  const type = Object.hasOwn(ATLAS_FILES, file) ? ATLAS_FILES[file] : undefined;
  if (!type) return problem(404, "NOT_FOUND", "No such atlas file.");
  const body = await readFile(path.join(atlasDirectory(), file));
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      "Content-Type": type,
      "Content-Length": String(body.byteLength),
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
