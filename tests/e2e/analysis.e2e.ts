import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, shot, signUp } from "./browser";


describe("journey: demo project → start ALE and effect-size runs → progress → results → PRISMA SVG and report", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("works end to end in a real browser", { timeout: 900_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await signUp(page, { name: "Ana Analyst", email: `ana.${Date.now()}@example.org`, password: "analysis-password-1" });
    await page.waitForURL("**/projects");
    await page.getByRole("button", { name: "Explore a demo project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout: 300_000 });
    const projectUrl = page.url();
    await shot(page, "analysis-01-demo-overview");

    await page.goto(`${projectUrl}/analysis`);
    await page.getByRole("heading", { name: "Start an analysis" }).waitFor();
    await page.getByLabel("Method").selectOption("ale");
    await page.getByLabel("Name (optional)").fill("E2E ALE");
    await page.getByLabel("Monte Carlo iterations").fill("300");
    await page.getByRole("button", { name: "Start analysis" }).click();
    await page.getByRole("link", { name: "E2E ALE" }).waitFor();
    await page.getByLabel("Method").selectOption("effects");
    await page.getByLabel("Name (optional)").fill("E2E effects");
    await page.getByLabel("Effect measure").selectOption("SMD");
    await page.getByRole("button", { name: "Start analysis" }).click();
    await page.getByRole("link", { name: "E2E effects" }).waitFor();
    await shot(page, "analysis-02-queued");
    // progress bars appear while runs are queued or running
    await page.getByRole("progressbar").first().waitFor();
    await shot(page, "analysis-03-progress");

    const rowStatus = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
    await rowStatus("E2E ALE").and(page.locator('[data-run-status="succeeded"]')).waitFor({ timeout: 600_000 });
    await rowStatus("E2E effects").and(page.locator('[data-run-status="succeeded"]')).waitFor({ timeout: 600_000 });
    await shot(page, "analysis-04-finished");

    await page.getByRole("link", { name: "E2E ALE" }).click();
    await page.waitForURL(/\/analysis\/[0-9a-f-]{36}$/);
    await page.getByRole("table").first().waitFor();
    await page.waitForTimeout(1500);
    await shot(page, "analysis-05-ale-results");
    await page.goBack();
    await page.getByRole("link", { name: "E2E effects" }).click();
    await page.waitForURL(/\/analysis\/[0-9a-f-]{36}$/);
    await page.waitForTimeout(1500);
    await shot(page, "analysis-06-effects-results");

    await page.goto(`${projectUrl}/prisma`);
    await page.getByText("Every box adds up.").waitFor();
    await shot(page, "analysis-07-prisma");
    const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download SVG" }).click()]);
    const svg = readFileSync(await svgDownload.path(), "utf8");
    expect(svg).toContain("Records screened (n = ");
    expect(svg).toContain("Studies included in review (n = 14)");

    await page.goto(`${projectUrl}/report`);
    await page.getByRole("heading", { name: "Methods" }).waitFor();
    await shot(page, "analysis-08-report");
    const [reportDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download HTML" }).click()]);
    const html = readFileSync(await reportDownload.path(), "utf8");
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("Monte Carlo iterations");
    expect(html).toContain("Table 1. Characteristics of the included studies");
    await context.close();
  });
});
