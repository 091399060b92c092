/**
 * Browser journey through the results pages. The runs are seeded straight into the server's
 * PostgreSQL database with outputs computed by the engines (see
 * tests/integration/analysis-results-fixtures.ts), so this needs DATABASE_URL pointing at a fresh
 * database that the e2e server also uses:
 *
 *   psql -h 127.0.0.1 -U postgres -c 'drop database if exists concord_e2e_results' -c 'create database concord_e2e_results'
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_e2e_results E2E_PORT=3105 \
 *     npx vitest run -c vitest.e2e.config.ts tests/e2e/analysis-results.e2e.ts
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { chromium, type Browser, type Page } from "playwright-core";
import { openDatabase, type OpenDatabase } from "@/db/client";
import { analysisOutputs, analysisRuns, users } from "@/db/schema";
import { seedResultsProject, type SeededRuns } from "../integration/analysis-results-fixtures";
import { baseUrl, shot, signUp } from "./browser";

const describeDb = process.env.DATABASE_URL ? describe : describe.skip;

/** Chromium with WebGL2 through SwiftShader (the shared launcher disables the GPU entirely). */
function launchWithWebGl(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

async function waitForViewer(page: Page) {
  await page.getByTestId("brain-ortho").waitFor();
  await page.getByText("Loading map and template…").waitFor({ state: "detached", timeout: 120_000 });
  expect(await page.getByText("The viewer could not start").count()).toBe(0);
}

/** The viewer's `brain:*` performance marks, in ms since navigation start. */
async function viewerMarks(page: Page): Promise<string> {
  const marks = await page.evaluate(() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("brain:")).map((m) => `${m.name} ${Math.round(m.startTime)}`));
  return marks.join(", ");
}

describeDb(`results pages in a real browser${process.env.DATABASE_URL ? "" : " — skipped: needs DATABASE_URL (the e2e server's PostgreSQL) to seed runs"}`, () => {
  let browser: Browser;
  let db: OpenDatabase;
  let page: Page;
  let projectUrl: string;
  let runs: SeededRuns;

  beforeAll(async () => {
    browser = await launchWithWebGl();
    const stamp = Date.now();
    const owner = { name: "Ana Analyst", email: `ana.${stamp}@example.org`, password: "analyst-password-1" };
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await signUp(page, owner);
    await page.waitForURL("**/projects");
    await page.getByLabel("Title").fill("Pain processing: ALE and clinical outcomes");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectUrl = page.url();
    const projectId = projectUrl.split("/").pop()!;
    db = await openDatabase(process.env.DATABASE_URL!);
    const [user] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, owner.email));
    runs = await seedResultsProject(db.db, projectId, user.id, { iterations: 200, jackknifeIterations: 100, threads: 2, sdm: true });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await db?.close();
  });

  it("shows an ALE run: viewer, cluster table; a row click moves the crosshair to the peak; downloads work", async () => {
    const started = Date.now();
    await page.goto(`${projectUrl}/analysis/${runs.aleRunId}`);
    await page.getByRole("table", { name: "Clusters" }).waitFor();
    const tableMs = Date.now() - started;
    await waitForViewer(page);
    const viewerMs = Date.now() - started;
    await page.getByText("Building the mosaic…").waitFor({ state: "detached", timeout: 120_000 });
    console.log(`ALE results page: cluster table after ${tableMs} ms, orthogonal view after ${viewerMs} ms, mosaic after ${Date.now() - started} ms (marks: ${await viewerMarks(page)})`);
    await shot(page, "results-01-ale");

    const [clusters] = await db.db
      .select({ json: analysisOutputs.json })
      .from(analysisOutputs)
      .where(and(eq(analysisOutputs.runId, runs.aleRunId), eq(analysisOutputs.name, "clusters.json")));
    const first = (clusters.json as { clusters: { id: number; peaks: { mni_mm: number[]; label: string }[]; significant: boolean }[] }).clusters.filter((c) => c.significant)[1];
    await page.getByTestId(`cluster-row-ale-${first.id}`).click();
    const readout = page.getByTestId("brain-readout");
    await expect.poll(() => readout.textContent(), { timeout: 10_000 }).toContain(`MNI (${first.peaks[0].mni_mm.map((x) => (x < 0 ? `−${-x}` : x)).join(", ")}) mm`);
    expect(await readout.textContent()).toContain(first.peaks[0].label.replace(/_/g, " "));
    await page.getByRole("table", { name: `Contributors to cluster ${first.id}` }).waitFor();
    await shot(page, "results-02-ale-cluster-selected");

    // sorting by size, descending, puts the largest cluster first
    const voxels = page.getByRole("columnheader", { name: "Voxels" });
    await voxels.click();
    if ((await voxels.getAttribute("aria-sort")) !== "descending") await voxels.click();
    expect(await voxels.getAttribute("aria-sort")).toBe("descending");
    const firstCell = await page.locator("table.cluster-table tbody tr").first().locator("td").nth(5).textContent();
    const sizes = (clusters.json as { clusters: { size_voxels: number; significant: boolean }[] }).clusters.filter((c) => c.significant).map((c) => c.size_voxels);
    expect(Number(firstCell?.replace(/,/g, ""))).toBe(Math.max(...sizes));

    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("table", { name: "Downloads" }).getByRole("row", { name: /clusters\.csv/ }).getByRole("link", { name: "Download" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe("ale-pain-rest_clusters.csv");
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.split("\n")[0]).toMatch(/^cluster,size_voxels/);
  });

  it("shows an SDM run: signed map with increase and decrease colour bars, both directions in the table, heterogeneity", async () => {
    await page.goto(`${projectUrl}/analysis/${runs.sdmRunId}`);
    await page.getByRole("table", { name: "Clusters" }).waitFor();
    await waitForViewer(page);
    await page.getByText("Building the mosaic…").waitFor({ state: "detached", timeout: 120_000 });
    await page.getByText("Decrease (z)").waitFor();
    expect(await page.locator("table.cluster-table .badge.increase").count()).toBeGreaterThan(0);
    expect(await page.locator("table.cluster-table .badge.decrease").count()).toBeGreaterThan(0);
    await page.getByRole("table", { name: "Heterogeneity at cluster peaks" }).waitFor();
    const decrease = page.locator("table.cluster-table tbody tr", { has: page.locator(".badge.decrease") }).first();
    await decrease.click();
    await expect.poll(() => page.getByTestId("brain-readout").textContent(), { timeout: 10_000 }).toMatch(/z = −\d/);
    await shot(page, "results-06-sdm");
  });

  it("shows an effects run: statistics panel, forest and funnel plots", async () => {
    await page.goto(`${projectUrl}/analysis/${runs.effectsRunId}`);
    await page.getByRole("region", { name: "Statistics" }).waitFor();
    await expect.poll(() => page.locator("img[alt='Forest plot']").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(500);
    await expect.poll(() => page.locator("img[alt='Funnel plot']").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(500);
    await page.getByText("Fail-safe N (Rosenthal)").waitFor();
    await page.getByRole("region", { name: "Leave-one-out" }).waitFor();
    await shot(page, "results-03-effects");
  });

  it("follows a running run live and shows a failed run's error", async () => {
    await page.goto(`${projectUrl}/analysis/${runs.runningRunId}`);
    await page.getByTestId("run-progress").getByText("42%").waitFor();
    await shot(page, "results-04-running");
    await db.db.update(analysisRuns).set({ progress: 0.75, progressMessage: "Monte Carlo 7,500 / 10,000 iterations" }).where(eq(analysisRuns.id, runs.runningRunId));
    await page.getByTestId("run-progress").getByText("75%").waitFor({ timeout: 10_000 });
    await db.db.update(analysisRuns).set({ status: "failed", error: "worker stopped 3 times", finishedAt: new Date() }).where(eq(analysisRuns.id, runs.runningRunId));
    await page.getByRole("alert").getByText("worker stopped 3 times").waitFor({ timeout: 10_000 });
    await page.goto(`${projectUrl}/analysis/${runs.failedRunId}`);
    await page.getByRole("alert").getByText("fitAle: the dataset has no foci").waitFor();
    await shot(page, "results-05-failed");
  });

  it("refuses a non-member: the page and the download are 404", async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    await signUp(p, { name: "Olga Outsider", email: `olga.${Date.now()}@example.org`, password: "outsider-password-1" });
    await p.waitForURL("**/projects");
    const res = await p.goto(`${projectUrl}/analysis/${runs.aleRunId}`);
    expect(res?.status()).toBe(404);
    const dl = await p.request.get(`${baseUrl()}/api/projects/${projectUrl.split("/").pop()}/analysis/${runs.aleRunId}/outputs/clusters.csv`);
    expect(dl.status()).toBe(404);
    await other.close();
  });
});
