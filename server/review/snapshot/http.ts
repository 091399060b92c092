import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/trpc";
import { AppError } from "../errors";
import { getMembershipRole } from "../projects/projects";
import type { ExperimentFilter } from "./convert";
import { buildDataset, type SnapshotDataset } from "./dataset";
import { EXPORT_FILES, type ExportFile } from "./exports";
import { getSnapshot, latestSnapshotVersion } from "./snapshots";

const text = (status: number, message: string) => new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /api/projects/:id/exports/:file?version=N|working&modality=ReHo&experiment=<id>&subgroup=…
 * Members only (non-members get 404, signed-out 401). Without `version` the newest snapshot is
 * used; `working` exports the current consensus data (not locked), so teams can check it first.
 */
export async function handleExport(db: Db, user: SessionUser | null, projectId: string, file: string, request: Request): Promise<Response> {
  if (!user) return text(401, "Sign in to download exports.");
  if (!/^[0-9a-f-]{36}$/i.test(projectId) || !(await getMembershipRole(db, projectId, user.id))) return text(404, "Project not found.");
  if (!(file in EXPORT_FILES)) return text(404, `Unknown export "${file}". Available: ${Object.keys(EXPORT_FILES).join(", ")}.`);
  const url = new URL(request.url);
  const filter: ExperimentFilter = {
    modalities: url.searchParams.getAll("modality").filter(Boolean),
    experimentIds: url.searchParams.getAll("experiment").filter(Boolean),
    subgroups: url.searchParams.getAll("subgroup").filter(Boolean),
  };
  let dataset: SnapshotDataset;
  let tag: string;
  try {
    const requested = url.searchParams.get("version");
    if (requested === "working") {
      dataset = await buildDataset(db, projectId, 0);
      tag = "working";
    } else {
      const version = requested ? Number(requested) : await latestSnapshotVersion(db, projectId);
      if (!version || !Number.isInteger(version) || version < 1) return text(404, "No locked snapshot yet; use ?version=working for the current consensus data.");
      dataset = (await getSnapshot(db, projectId, version)).dataset;
      tag = `v${version}`;
    }
    const spec = EXPORT_FILES[file as ExportFile];
    const body = spec.make(dataset, filter);
    const suffix = filter.modalities?.length ? `-${filter.modalities.join("+")}` : "";
    const [base, ext] = [file.slice(0, file.lastIndexOf(".")), file.slice(file.lastIndexOf("."))];
    return new Response(body, { headers: { "content-type": spec.type, "content-disposition": `attachment; filename="${base}-${tag}${suffix}${ext}"`, "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError) return text(error.code === "NOT_FOUND" ? 404 : 409, error.message);
    if (error instanceof Error && /sample size|no experiments/i.test(error.message)) return text(422, error.message);
    throw error;
  }
}
