import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, shot, signUp } from "./browser";
import { medline, pubmedRis } from "../integration/import-fixtures";

// File 1 adds a record that file 2 has in a slightly different form, so one pair needs a person.
const firstFile = pubmedRis + ["TY  - JOUR", "TI  - Hippocampal volume and pain catastrophizing", "AU  - Dubois, Claire", "PY  - 2016", "T2  - The Journal of Pain", "VL  - 17", "SP  - 900", "EP  - 909", "ID  - pm5", "ER  - ", ""].join("\r\n");

async function importFile(page: Page, name: string, file: { name: string; text: string }) {
  await page.getByLabel("Database or register").fill(name);
  await page.getByLabel("Search date").fill("2024-05-01");
  await page.getByLabel("Search string").fill(`("low back pain" OR fibromyalgia) AND (fMRI OR "resting state") — ${name}`);
  await page.getByLabel("Export file").setInputFiles({ name: file.name, mimeType: "application/octet-stream", buffer: Buffer.from(file.text, "utf8") });
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("region", { name: "Import preview" }).waitFor();
}

const stat = (page: Page, id: string) => page.getByTestId(id).innerText();

describe("journey: import two searches → review a duplicate pair → see the PRISMA counts → remove a record before screening → delete a search", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("works end to end in a real browser", async () => {
    const stamp = Date.now();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await signUp(page, { name: "Ines Importer", email: `ines.${stamp}@example.org`, password: "importer-password-1" });
    await page.waitForURL("**/projects");
    await page.getByLabel("Title").fill("Brain function in chronic low back pain");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = page.url();

    await page.getByRole("navigation", { name: "Project stages" }).getByRole("link", { name: "Import" }).click();
    await page.getByText("No searches imported yet").waitFor();
    await shot(page, "import-01-empty");

    await importFile(page, "PubMed", { name: "pubmed-2024-05-01.ris", text: firstFile });
    await page.getByText("records in pubmed-2024-05-01.ris").waitFor();
    expect(await page.getByRole("region", { name: "Import preview" }).getByRole("row").count()).toBe(6);
    await shot(page, "import-02-preview");
    await page.getByRole("button", { name: "Import 5 records" }).click();
    await page.getByRole("status").getByText("Imported 5 records from “PubMed”").waitFor();
    await expect.poll(() => stat(page, "count-identified")).toBe("5");

    await importFile(page, "MEDLINE (Ovid)", { name: "medline.nbib", text: medline });
    await page.getByText("records in medline.nbib").waitFor();
    await page.getByRole("button", { name: "Import 4 records" }).click();
    const done = page.getByRole("status");
    await done.getByText("Imported 4 records").waitFor();
    expect(await done.innerText()).toContain("2 certain duplicates were merged automatically");
    await page.getByText("1 possible duplicates need review").waitFor();
    await page.getByTestId("count-remaining").getByText("7").waitFor();
    await expect.poll(() => stat(page, "count-identified")).toBe("9");
    await expect.poll(() => stat(page, "count-duplicates")).toBe("2");
    await shot(page, "import-03-two-sources");

    // the same file again is refused until confirmed
    await importFile(page, "MEDLINE again", { name: "medline.nbib", text: medline });
    await page.getByText("This exact file was already imported").waitFor();
    expect(await page.getByRole("button", { name: "Import 4 records" }).isDisabled()).toBe(true);

    await page.getByRole("navigation", { name: "Project stages" }).getByRole("link", { name: "Duplicates" }).click();
    await page.waitForURL("**/duplicates");
    const pair = page.getByRole("table", { name: "Duplicate pair" });
    await pair.getByText("Hippocampal volume and pain catastrophising in adults.").waitFor();
    await pair.getByText("Hippocampal volume and pain catastrophizing", { exact: true }).waitFor();
    expect(await pair.locator("tr.differs").count()).toBeGreaterThanOrEqual(2);
    await shot(page, "import-04-duplicate-pair");

    // keyboard: M merges; Z undoes; then the button merges for good
    await page.keyboard.press("m");
    await page.getByText("No possible duplicates left to review").waitFor();
    await page.keyboard.press("z");
    await pair.waitFor();
    await page.getByRole("button", { name: /^Merge/ }).click();
    await page.getByText("No possible duplicates left to review").waitFor();
    const decisions = page.getByRole("table", { name: "Duplicate decisions" });
    expect(await decisions.getByRole("row").count()).toBe(4);
    await expect.poll(() => stat(page, "dedup-pending")).toBe("0");
    await shot(page, "import-05-decisions");

    await page.goto(`${projectUrl}/import`);
    await page.getByTestId("count-remaining").getByText("6").waitFor();
    await expect.poll(() => stat(page, "count-duplicates")).toBe("3");
    await shot(page, "import-06-counts");

    await page.getByRole("navigation", { name: "Project stages" }).getByRole("link", { name: "Records" }).click();
    await page.getByText("9 records", { exact: true }).waitFor();
    await page.getByLabel("Search records").fill("hippocamp");
    await page.getByText("2 records", { exact: true }).waitFor();
    await page.getByRole("row").filter({ hasText: "pain catastrophizing" }).first().click();
    await page.getByText("From PubMed (pubmed-2024-05-01.ris)").waitFor();
    await shot(page, "import-07-records-search");

    // the owner removes a record before screening (automation tool), then deletes the MEDLINE search
    await page.getByLabel("Search records").fill("");
    await page.getByLabel("Status").selectOption("screenable");
    await page.getByText("6 records", { exact: true }).waitFor();
    await page.getByLabel("Select Default mode network connectivity after spinal manipulation").check();
    await page.getByRole("button", { name: "Remove the 1 selected record before screening…" }).click();
    await page.getByLabel("Note (kept with each record and in the audit log)").fill("RobotSearch RCT classifier, threshold 0.1");
    await shot(page, "import-08-remove-form");
    await page.getByRole("button", { name: "Remove the 1 selected record", exact: true }).click();
    await page.getByText("1 record marked as ineligible by an automation tool.").waitFor();
    await page.getByText("5 records", { exact: true }).waitFor();
    await page.getByLabel("Status").selectOption("removed");
    await page.getByRole("row").filter({ hasText: "removed · automation tool" }).click();
    await page.getByText("Removed before screening: marked as ineligible by an automation tool — RobotSearch RCT classifier, threshold 0.1.").waitFor();
    await shot(page, "import-09-removed");
    await page.goto(`${projectUrl}/import`);
    await expect.poll(() => stat(page, "count-removed-other")).toBe("1");
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Delete MEDLINE (Ovid)" }).click();
    await page.getByText(/"MEDLINE \(Ovid\)" was deleted with its 4 records/).waitFor();
    await expect.poll(() => stat(page, "count-identified")).toBe("5");
    await page.getByTestId("count-remaining").getByText("4").waitFor();
    await shot(page, "import-10-source-deleted");

    const ris = await page.request.get(`${projectUrl.replace("/projects/", "/api/projects/")}/records/export?set=all&format=ris`);
    expect(ris.status()).toBe(200);
    expect((await ris.text()).match(/^TY {2}- /gm)).toHaveLength(5);

    // a large export shows its progress, and cancelling it imports nothing
    const large = Array.from({ length: 60_000 }, (_, i) => `TY  - JOUR\r\nTI  - Resting-state connectivity study ${i}: insula, thalamus and pain ${i * 7919}\r\nAU  - Author${i}, A\r\nPY  - ${1990 + (i % 35)}\r\nER  - \r\n`).join("");
    await importFile(page, "Embase", { name: "embase-large.ris", text: large });
    await page.getByRole("button", { name: "Import 60,000 records" }).click();
    const bar = page.getByText(/Reading and saving records: [\d,]+ of 60,000/);
    await bar.waitFor();
    await shot(page, "import-11-progress");
    await page.getByRole("button", { name: "Cancel import" }).click();
    await page.getByRole("alert").getByText("The import was cancelled: none of its records were kept.").waitFor();
    await expect.poll(() => stat(page, "count-identified")).toBe("5");
    expect(await page.getByRole("table", { name: "Imported searches" }).getByText("Embase").count()).toBe(0);
    await shot(page, "import-12-cancelled");
  });
});
