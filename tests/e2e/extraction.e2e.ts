import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, ownerProjectWithImport, shot, signUp } from "./browser";

const ris = "TY  - JOUR\nTI  - Abnormal regional homogeneity in chronic low back pain: a resting-state fMRI study\nAU  - Li, X.\nPY  - 2015\nJO  - NeuroImage: Clinical\nDO  - 10.1000/e2e.clbp.1\nER  - \n";

async function invite(owner: Page, projectUrl: string, browser: Browser, user: { name: string; email: string; password: string }): Promise<Page> {
  await owner.goto(`${projectUrl}/members`);
  await owner.getByLabel("E-mail").fill(user.email);
  await owner.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const inviteUrl = await owner.getByLabel("Invitation link").inputValue();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await signUp(page, user, `/signup?next=${encodeURIComponent(new URL(inviteUrl).pathname)}`);
  await page.waitForURL((u) => !u.pathname.startsWith("/signup"));
  await page.goto(inviteUrl);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await page.waitForURL(projectUrl);
  return page;
}

/** One reviewer's extraction of the study; `precuneusZ` is where the two reviewers disagree. */
async function extract(page: Page, projectUrl: string, precuneusZ: number, screenshot: string | null) {
  await page.goto(`${projectUrl}/extraction`);
  await page.getByRole("link", { name: "Extract", exact: true }).click();
  await page.getByRole("heading", { name: "Li 2015" }).waitFor();
  await page.getByLabel("First author").fill("Li");
  await page.getByLabel("Year", { exact: true }).fill("2015");
  await page.getByLabel("Country").fill("China");
  await page.getByRole("button", { name: "+ Add row" }).click();
  await page.getByRole("button", { name: "+ Add row" }).click();
  for (const [i, [name, n, age]] of [["CLBP", "24", "41.2"], ["HC", "22", "40.1"]].entries()) {
    await page.getByLabel(`Groups row ${i + 1} Group`).fill(name);
    await page.getByLabel(`Groups row ${i + 1} n`, { exact: true }).fill(n);
    await page.getByLabel(`Groups row ${i + 1} Mean age (years)`).fill(age);
  }
  await page.getByRole("checkbox", { name: "ReHo" }).check();
  await page.getByLabel("Coordinate space", { exact: true }).selectOption("MNI");
  await page.getByLabel("n group 1 (patients)").fill("24");
  await page.getByLabel("n group 2 (controls)").fill("22");
  await page.getByRole("button", { name: "Paste coordinates…" }).click();
  await page.getByLabel("Pasted coordinates").fill(`Region\tx\ty\tz\tT\nL insula (\u221242, 22, \u22124) 5.1\nR precuneus\t6\t\u221260\t${precuneusZ}\t\u22124.2\nOutside 0 -100 -70 3.2`);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByText("2 ok · 1 outside mask · 0 rejected · 1 header lines skipped").waitFor();
  if (screenshot) await shot(page, screenshot);
  await page.getByRole("button", { name: /^Add 3 foci/ }).click();
  await page.getByLabel("CLBP vs HC focus 3 x").waitFor();
  await page.getByRole("button", { name: "Remove CLBP vs HC focus 3" }).click();
  await page.getByRole("status").getByText("All changes saved").waitFor();
  await page.getByRole("button", { name: "Submit extraction" }).last().click();
  await page.getByText("submitted", { exact: true }).waitFor();
}

async function scoreAll(page: Page, projectUrl: string, overrides: Record<number, string> = {}) {
  await page.goto(`${projectUrl}/quality`);
  await page.getByRole("button", { name: "Score", exact: true }).click();
  for (let i = 1; i <= 10; i++) await page.getByLabel(`Item ${i}: ${overrides[i] ?? "Fully met"}`).check();
  await page.getByRole("button", { name: "Submit scores" }).click();
  await page.getByText("1 of 2 submitted").or(page.getByText("2 of 2 submitted")).waitFor();
}

describe("journey: two reviewers extract one study, disagree on a focus, resolve it, score quality, and the owner locks", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("works end to end in a real browser", async () => {
    const stamp = Date.now();
    const owner = { name: "Olivia Owner", email: `olivia.x.${stamp}@example.org`, password: "owner-password-1" };
    const rafael = { name: "Rafael Reviewer", email: `rafael.x.${stamp}@example.org`, password: "reviewer-password-1" };
    const sofia = { name: "Sofia Second", email: `sofia.x.${stamp}@example.org`, password: "reviewer-password-2" };
    const oc = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await oc.newPage();
    // the owner signs up, creates the project and imports the records through the import endpoint
    const { projectUrl, projectId } = await ownerProjectWithImport(page, owner, "ReHo and ALFF in chronic low back pain", ris);

    // the owner groups the report into a study (screening was skipped here, so it is flagged) and adds an experiment
    await page.goto(`${projectUrl}/studies`);
    await page.getByLabel("Find another record").fill("homogeneity");
    await page.getByRole("checkbox", { name: /Select Abnormal regional homogeneity/ }).check();
    await page.getByLabel("Study label").fill("Li 2015");
    await page.getByRole("button", { name: "Create study from 1 report" }).click();
    await page.getByRole("heading", { name: "Li 2015" }).waitFor();
    await page.getByLabel("Experiment label").fill("CLBP vs HC");
    await page.getByLabel("Modality").selectOption("ReHo");
    await page.getByRole("button", { name: "Add experiment" }).click();
    await page.locator(".chip", { hasText: "CLBP vs HC" }).waitFor();
    await shot(page, "extraction-01-studies");

    const rpage = await invite(page, projectUrl, browser, rafael);
    const spage = await invite(page, projectUrl, browser, sofia);

    await extract(rpage, projectUrl, 52, "extraction-02-paste-preview");
    await shot(rpage, "extraction-03-submitted");
    // blind: Sofia sees that one extraction is submitted, never its content
    await spage.goto(`${projectUrl}/extraction`);
    await spage.getByText("1 of 2 submitted").waitFor();
    await extract(spage, projectUrl, 50, null);

    // Rafael compares: exactly the precuneus focus differs; his own value (left) is chosen and explained
    await rpage.goto(`${projectUrl}/extraction`);
    await rpage.getByRole("link", { name: "Compare", exact: true }).click();
    await rpage.getByText("1 difference").waitFor();
    await expect.poll(() => rpage.locator("tr.diff").count()).toBe(1);
    await rpage.locator("tr.diff").getByText("differs in z").waitFor();
    await rpage.getByLabel("Why (required when the extractions differ)").fill("Table 2 of the paper gives z = 52 for the precuneus peak.");
    await shot(rpage, "extraction-04-compare");
    await rpage.getByRole("button", { name: "Save consensus" }).click();
    await rpage.getByText("Consensus saved.").waitFor();

    // quality: both score; Sofia rates item 6 as partially met; Rafael decides the consensus
    await scoreAll(rpage, projectUrl);
    await scoreAll(spage, projectUrl, { 6: "Partially met" });
    await rpage.goto(`${projectUrl}/quality`);
    await rpage.getByRole("button", { name: "Consensus", exact: true }).click();
    await rpage.getByLabel("Consensus item 6").selectOption("0.5");
    await rpage.getByLabel("Why (required when the raters disagree)").fill("Small-volume correction for the insula: partially met.");
    await rpage.getByRole("button", { name: "Save quality consensus" }).click();
    await rpage.getByText("Decided by Rafael Reviewer").waitFor();
    await shot(rpage, "extraction-05-quality");

    // the owner locks; the SHA-256 is shown and the Sleuth export reads back
    await page.goto(`${projectUrl}/lock`);
    await page.getByText("Every study has a consensus extraction").waitFor();
    await page.getByRole("button", { name: "Lock dataset as version 1" }).click();
    await page.getByText("Locked as").waitFor();
    const sha = (await page.getByLabel("SHA-256").locator("code").textContent())!;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await shot(page, "extraction-06-locked");
    const sleuth = await (await page.request.get(`${baseUrl()}/api/projects/${projectId}/exports/coordinates-sleuth.txt?version=1`)).text();
    expect(sleuth).toBe("// Reference=MNI\n// Li 2015: CLBP vs HC\n// Subjects=46\n-42\t22\t-4\n6\t-60\t52\n");
    // editing after the lock is refused until an explicit unlock
    await rpage.goto(`${projectUrl}/extraction`);
    await rpage.getByRole("link", { name: "Compare", exact: true }).click();
    await rpage.getByRole("button", { name: "Save consensus" }).click();
    await rpage.getByText(/The dataset is locked \(snapshot v1\)/).waitFor();
  });
});
