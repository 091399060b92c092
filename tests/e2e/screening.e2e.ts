import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, ownerProjectWithImport, shot, signUp } from "./browser";

/** Four records with distinct titles; the RIS is written here (not copied from ../shared). */
const records = [
  { title: "Regional homogeneity in chronic low back pain: a resting-state fMRI study", abstract: "Patients with chronic low back pain and healthy controls underwent resting-state fMRI; regional homogeneity (ReHo) was compared across the whole brain." },
  { title: "Amplitude of low-frequency fluctuation in chronic low back pain patients", abstract: "ALFF was compared between 30 patients with chronic low back pain and 30 healthy controls; whole-brain coordinates are reported." },
  { title: "Knee cartilage thickness in marathon runners", abstract: "MRI of knee cartilage in runners; no brain imaging was performed." },
  { title: "Grey matter volume in fibromyalgia and chronic back pain", abstract: "Voxel-based morphometry in fibromyalgia and back pain; ROI analysis of the insula only." },
];
const ris = records.map((r, i) => `TY  - JOUR\nTI  - ${r.title}\nAB  - ${r.abstract}\nAU  - Author${i}, A.\nPY  - 202${i}\nJO  - NeuroImage\nER  - \n`).join("\n");

/** How each reviewer decides, by title (the prioritised order may differ between reviewers). */
const olivia: Record<number, string> = { 0: "i", 1: "i", 2: "e", 3: "i" };
const rafael: Record<number, string> = { 0: "i", 1: "i", 2: "e", 3: "e" }; // record 3 → conflict

async function screenAll(page: Page, plan: Record<number, string>, name: string) {
  for (let k = 0; k < records.length; k++) {
    const title = page.locator(".screen-title");
    await title.waitFor();
    const text = (await title.textContent()) ?? "";
    const index = records.findIndex((r) => r.title === text);
    expect(index, `unknown record on screen: ${text}`).toBeGreaterThanOrEqual(0);
    if (k === 0) await shot(page, `screening-10-${name}-first-record`);
    await page.keyboard.press(plan[index]);
    await page.waitForFunction((prev) => document.querySelector(".screen-title")?.textContent !== prev, text, { timeout: 15_000 }).catch(() => undefined);
  }
  await page.getByText("You are all caught up").waitFor();
}

describe("journey: two reviewers screen title/abstract and full text with the keyboard; one conflict resolved", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("works end to end", async () => {
    const stamp = Date.now();
    const owner = { name: "Olivia Owner", email: `olivia.s.${stamp}@example.org`, password: "owner-password-1" };
    const reviewer = { name: "Rafael Reviewer", email: `rafael.s.${stamp}@example.org`, password: "reviewer-password-1" };
    const oc = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await oc.newPage();
    // the owner signs up, creates the project and imports the records through the import endpoint
    const { projectUrl } = await ownerProjectWithImport(page, owner, "ReHo and ALFF in chronic low back pain", ris);

    // invite the co-reviewer
    await page.goto(`${projectUrl}/members`);
    await page.getByLabel("E-mail").fill(reviewer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("reviewer");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const inviteUrl = await page.getByLabel("Invitation link").inputValue();
    const rc = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const rpage = await rc.newPage();
    await signUp(rpage, reviewer, `/signup?next=${encodeURIComponent(new URL(inviteUrl).pathname)}`);
    await rpage.waitForURL((u) => !u.pathname.startsWith("/signup"));
    await rpage.goto(inviteUrl);
    await rpage.getByRole("button", { name: "Accept invitation" }).click();
    await rpage.waitForURL(projectUrl);

    // owner configures screening
    await page.goto(`${projectUrl}/screening/settings`);
    await page.getByLabel("Inclusion criteria (shown beside every record)").fill("Adults with chronic low back pain vs healthy controls; resting-state fMRI (ReHo, ALFF); whole-brain coordinates.");
    await page.getByLabel("Exclusion criteria").fill("Animal studies; ROI-only analyses; other pain conditions without a CLBP group.");
    await page.getByLabel(/Highlight in green/).fill("chronic low back pain, ReHo, regional homogeneity, ALFF, healthy controls, whole-brain");
    await page.getByLabel(/Highlight in red/).fill("knee, ROI, fibromyalgia, runner*");
    await page.getByRole("button", { name: "Save screening settings" }).click();
    await page.getByText("Saved.").waitFor();
    await shot(page, "screening-01-settings");

    // title/abstract: both reviewers, keyboard only
    await page.goto(`${projectUrl}/screening`);
    await screenAll(page, olivia, "olivia");
    await page.locator(".progress-head", { hasText: "You" }).getByText("4 / 4").waitFor();
    await shot(page, "screening-11-olivia-caught-up");
    await rpage.goto(`${projectUrl}/screening`);
    await rpage.locator(".screen-title").waitFor();
    // blinding in the UI too: no co-reviewer decision shown before deciding
    expect(await rpage.locator(".screen-others").count()).toBe(0);
    await screenAll(rpage, rafael, "rafael");
    // arrow left shows Rafael's last decision, with Olivia's now visible (both decided)
    await rpage.keyboard.press("ArrowLeft");
    await rpage.locator(".screen-mine").waitFor();
    await rpage.locator(".screen-others").waitFor();
    await shot(rpage, "screening-12-rafael-history-unblinded");
    // undo and redo the last decision with U
    await rpage.keyboard.press("ArrowRight");
    await rpage.keyboard.press("u");
    await rpage.getByText("Last decision undone").waitFor();
    const undoneTitle = (await rpage.locator(".screen-title").textContent()) ?? "";
    await rpage.keyboard.press(rafael[records.findIndex((r) => r.title === undoneTitle)]);
    await rpage.getByText("You are all caught up").waitFor();

    // the conflict: owner resolves it with the keyboard
    await page.goto(`${projectUrl}/conflicts`);
    const conflict = page.getByRole("article", { name: `Conflict: ${records[3].title}` });
    await conflict.waitFor();
    await shot(page, "screening-20-conflict-queue");
    await conflict.getByLabel(/Reason for the resolution/).focus();
    await page.keyboard.type("Insula ROI only, but a CLBP subgroup exists: include for full-text check");
    await page.keyboard.press("Enter");
    await conflict.getByText("resolved: include").waitFor({ timeout: 10_000 }).catch(async () => {
      await page.getByRole("checkbox", { name: "Show resolved (history)" }).check();
      await page.getByRole("article", { name: `Conflict: ${records[3].title}` }).getByText("resolved: include").waitFor();
    });
    await page.getByRole("checkbox", { name: "Show resolved (history)" }).check();
    await page.getByRole("button", { name: "Show resolution history" }).first().click();
    await page.locator("ol.history li", { hasText: "Insula ROI only" }).waitFor();
    await shot(page, "screening-21-conflict-resolved");

    // full texts: three sought (records 0, 1, 3); add links with the keyboard
    await page.goto(`${projectUrl}/full-text`);
    for (const i of [0, 1, 3]) {
      const link = page.getByLabel(`Link to the full text of ${records[i].title}`);
      await page.locator("tr", { hasText: records[i].title }).locator("summary").focus();
      await page.keyboard.press("Enter");
      await link.focus();
      await page.keyboard.type(`https://doi.org/10.1000/clbp.${i}`);
      await page.keyboard.press("Enter");
      await page.locator("tr", { hasText: records[i].title }).getByText("retrieved", { exact: true }).waitFor();
    }
    await shot(page, "screening-30-full-texts");

    // full-text screening: record 1 excluded by both for the same reason, others included
    const ftPlan = async (p: Page, name: string) => {
      await p.goto(`${projectUrl}/screening?stage=full_text`);
      for (let k = 0; k < 3; k++) {
        const title = p.locator(".screen-title");
        await title.waitFor();
        const text = (await title.textContent()) ?? "";
        if (records.findIndex((r) => r.title === text) === 3) {
          await p.keyboard.press("e");
          await p.getByRole("listbox", { name: "Exclusion reason" }).waitFor();
          if (name === "olivia") await shot(p, "screening-31-full-text-reason-picker");
          await p.keyboard.press("4"); // ROI-only results
        } else {
          await p.keyboard.press("i");
        }
        await p.waitForFunction((prev) => document.querySelector(".screen-title")?.textContent !== prev, text, { timeout: 15_000 }).catch(() => undefined);
      }
      await p.getByText("No full text waiting for you").waitFor();
    };
    await ftPlan(page, "olivia");
    await ftPlan(rpage, "rafael");

    await page.goto(`${projectUrl}/screening/agreement`);
    await page.getByText("Agreement: Title & abstract").waitFor();
    await page.getByText(/κ = /).first().waitFor();
    await shot(page, "screening-40-agreement");
    const body = (await page.textContent("body")) ?? "";
    expect(body).toContain("ROI-only results");
    expect(body).toMatch(/2\s*reports included/);
    await rc.close();
    await oc.close();
  });
});
