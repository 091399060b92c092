import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNifti } from "@/server/engine/cbma/nifti";
import { handleAtlasRequest, handleOutputRequest } from "@/server/review/analysis-results/http";
import { INLINE_JSON_LIMIT_BYTES } from "@/server/review/analysis-results/results";
import type { SessionUser } from "@/server/trpc";
import { seedResultsProject, type SeededRuns } from "./analysis-results-fixtures";
import { callerFor, codeOf, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";

describe("analysis results: service, router and downloads", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let projectId: string;
  let otherProjectId: string;
  let runs: SeededRuns;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    viewer = await makeUser(handle.db, "Viewer");
    outsider = await makeUser(handle.db, "Outsider");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Pain ALE" })).id;
    otherProjectId = (await callerFor(handle.db, outsider).projects.create({ title: "Someone else's review" })).id;
    const invite = await callerFor(handle.db, owner).members.invite({ projectId, email: viewer.email, role: "viewer" });
    await callerFor(handle.db, viewer).members.acceptInvitation({ token: invite.token });
    runs = await seedResultsProject(handle.db, projectId, owner.id, { iterations: 100, jackknifeIterations: 0, plotScale: 1 });
  });
  afterAll(async () => handle?.close());

  const url = (runId: string, name: string, query = "") => `http://localhost/api/projects/${projectId}/analysis/${runId}/outputs/${name}${query}`;
  const download = (user: SessionUser | null, runId: string, name: string, query = "", project = projectId) =>
    handleOutputRequest(handle.db, user, { projectId: project, runId, name }, new Request(url(runId, name, query)));

  it("returns an ALE run's facts, every output listed and the cluster table inline, maps not inline", async () => {
    const res = await callerFor(handle.db, viewer).analysisResults.get({ projectId, runId: runs.aleRunId });
    expect(res.run).toMatchObject({ kind: "ale", status: "succeeded", snapshotVersion: 1, seed: 20240611, createdByName: "Owner" });
    expect(res.run.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.run.parameters).toMatchObject({ iterations: 100 });
    const names = res.outputs.map((o) => o.name);
    for (const n of ["ale_z.nii.gz", "ale_z_thresholded.nii.gz", "ale_cluster_labels.nii.gz", "clusters.json", "clusters.csv", "null.json"]) expect(names).toContain(n);
    const map = res.outputs.find((o) => o.name === "ale_z_thresholded.nii.gz")!;
    expect(map).toMatchObject({ contentType: "application/gzip", storage: "file" });
    expect(map.sizeBytes).toBeGreaterThan(1000);
    expect(Object.keys(res.json).sort()).toEqual(res.outputs.filter((o) => o.storage === "json" && o.sizeBytes <= INLINE_JSON_LIMIT_BYTES).map((o) => o.name).sort());
    expect(res.json["ale_z.nii.gz"]).toBeUndefined();
    const clusters = (res.json["clusters.json"] as { clusters: { significant: boolean; peaks: unknown[]; contributions: unknown[] }[] }).clusters;
    expect(clusters.length).toBe(res.run.summary.clusters);
    expect(clusters.filter((c) => c.significant).length).toBe(res.run.summary.significantClusters);
    expect(clusters[0].peaks.length).toBeGreaterThan(0);
    expect(clusters[0].contributions.length).toBeGreaterThan(0);
  });

  it("returns an effects run with result.json inline and the plots as files", async () => {
    const res = await callerFor(handle.db, owner).analysisResults.get({ projectId, runId: runs.effectsRunId });
    const result = res.json["result.json"] as { models: { REML: { estimate: number; k: number } } };
    expect(result.models.REML.k).toBe(8);
    expect(result.models.REML.estimate).toBeCloseTo(res.run.summary.estimate as number, 12);
    expect(res.outputs.filter((o) => o.storage === "file").map((o) => o.name).sort()).toEqual(["forest.png", "forest.svg", "funnel.png", "funnel.svg"]);
  });

  it("reports progress of a running run and the error of a failed one", async () => {
    const running = await callerFor(handle.db, viewer).analysisResults.status({ projectId, runId: runs.runningRunId });
    expect(running).toMatchObject({ status: "running", progress: expect.closeTo(0.42, 6), etaSeconds: 38 });
    const failed = await callerFor(handle.db, viewer).analysisResults.get({ projectId, runId: runs.failedRunId });
    expect(failed.run.status).toBe("failed");
    expect(failed.run.error).toContain("no foci");
    expect(failed.outputs).toEqual([]);
  });

  it("refuses outsiders and runs of other projects with NOT_FOUND, and changes nothing", async () => {
    const before = await fingerprint(handle.db);
    expect(await codeOf(callerFor(handle.db, outsider).analysisResults.get({ projectId, runId: runs.aleRunId }))).toBe("NOT_FOUND");
    // a member of another project cannot reach this run through their own project id
    expect(await codeOf(callerFor(handle.db, outsider).analysisResults.get({ projectId: otherProjectId, runId: runs.aleRunId }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(handle.db, owner).analysisResults.get({ projectId, runId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(handle.db, owner).analysisResults.status({ projectId, runId: "not-a-uuid" }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(handle.db, null).analysisResults.get({ projectId, runId: runs.aleRunId }))).toBe("UNAUTHORIZED");
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("downloads a map for a member: a NIfTI on the MNI 2 mm grid with the FWE-thresholded z values", async () => {
    const res = await download(viewer, runs.aleRunId, "ale_z_thresholded.nii.gz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="ale-pain-rest_ale_z_thresholded.nii.gz"; filename*=UTF-8''ale-pain-rest_ale_z_thresholded.nii.gz`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(bytes.byteLength);
    const volume = parseNifti(gunzipSync(bytes), "ale_z_thresholded.nii.gz");
    expect(volume.grid.dims).toEqual([91, 109, 91]);
    let nonzero = 0;
    for (const x of volume.data) if (x > 0) nonzero++;
    const clusters = ((await callerFor(handle.db, viewer).analysisResults.get({ projectId, runId: runs.aleRunId })).json["clusters.json"] as { clusters: { significant: boolean; size_voxels: number }[] }).clusters;
    expect(nonzero).toBe(clusters.filter((c) => c.significant).reduce((a, c) => a + c.size_voxels, 0));
  });

  it("serves CSV, JSON and plots with their types; plots inline only when asked", async () => {
    const csv = await download(owner, runs.aleRunId, "clusters.csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\n")[0]).toContain("cluster,size_voxels");
    const json = await download(owner, runs.aleRunId, "clusters.json");
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await json.json()).clusters.length).toBeGreaterThan(0);
    const png = await download(owner, runs.effectsRunId, "forest.png", "?inline=1");
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toMatch(/^inline; filename="disability-exercise-vs-usual-care_forest.png"/);
    expect(Array.from(new Uint8Array(await png.arrayBuffer()).slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const svg = await download(owner, runs.effectsRunId, "forest.svg");
    expect(svg.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(svg.headers.get("content-security-policy")).toContain("default-src 'none'");
    // inline is only for images: a map asked inline is still an attachment
    expect((await download(owner, runs.aleRunId, "ale_z.nii.gz", "?inline=1")).headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("refuses downloads: 401 signed out, 404 for non-members, other projects' ids, unknown runs and outputs", async () => {
    const before = await fingerprint(handle.db);
    expect((await download(null, runs.aleRunId, "clusters.csv")).status).toBe(401);
    const outsiderRes = await download(outsider, runs.aleRunId, "ale_z.nii.gz");
    expect(outsiderRes.status).toBe(404);
    expect((await outsiderRes.json()).code).toBe("NOT_FOUND");
    expect((await download(outsider, runs.aleRunId, "ale_z.nii.gz", "", otherProjectId)).status).toBe(404);
    expect((await download(owner, runs.aleRunId, "ale_z.nii.gz", "", "not-a-uuid")).status).toBe(404);
    expect((await download(owner, "00000000-0000-4000-8000-000000000000", "clusters.csv")).status).toBe(404);
    expect((await download(owner, runs.aleRunId, "../../etc/passwd")).status).toBe(404);
    expect((await download(owner, runs.runningRunId, "clusters.csv")).status).toBe(404);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("serves only allow-listed atlas files", async () => {
    const template = await handleAtlasRequest("ch2bet_2mm.nii.gz");
    expect(template.status).toBe(200);
    expect(parseNifti(gunzipSync(new Uint8Array(await template.arrayBuffer())), "ch2bet").grid.dims).toEqual([91, 109, 91]);
    const labels = await (await handleAtlasRequest("aal_labels.tsv")).text();
    expect(labels).toMatch(/^1\tPrecentral_L$/m);
    for (const bad of ["../../package.json", "LICENSE", "README.md", "..%2Fpackage.json", "constructor"]) expect((await handleAtlasRequest(bad)).status).toBe(404);
  });
});
