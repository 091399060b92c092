import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const baseUrl = () => process.env.E2E_URL ?? "http://localhost:3100";
export const screenshotDir = path.resolve(import.meta.dirname, "screenshots");

/** Debian's Chromium, with the flags this sandbox needs (no network, no GPU, no sandbox as root). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, user: { name: string; email: string; password: string }, startUrl = "/signup") {
  await page.goto(baseUrl() + startUrl);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Repeat password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/**
 * The owner signs up, creates a project and imports a RIS text through the import endpoint
 * (the journeys that start after import share these steps). Returns the project's URL and id.
 */
export async function ownerProjectWithImport(page: Page, owner: { name: string; email: string; password: string }, title: string, ris: string) {
  await signUp(page, owner);
  await page.waitForURL("**/projects");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();
  const projectId = projectUrl.split("/").pop()!;
  const res = await page.request.post(`${baseUrl()}/api/projects/${projectId}/import?step=commit`, {
    multipart: { file: { name: "pubmed.ris", mimeType: "application/x-research-info-systems", buffer: Buffer.from(ris) }, options: JSON.stringify({ source: { name: "PubMed" } }) },
  });
  if (res.status() !== 200) throw new Error(`import failed (${res.status()}): ${await res.text()}`);
  return { projectUrl, projectId };
}
