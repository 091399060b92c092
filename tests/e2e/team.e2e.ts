import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, shot, signUp } from "./browser";

describe("journey: sign up → create project → invite → co-reviewer accepts → both see the project", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("works end to end in a real browser", async () => {
    const stamp = Date.now();
    const owner = { name: "Olivia Owner", email: `olivia.${stamp}@example.org`, password: "owner-password-1" };
    const reviewer = { name: "Rafael Reviewer", email: `rafael.${stamp}@example.org`, password: "reviewer-password-1" };

    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ownerContext.newPage();
    await page.goto(baseUrl());
    await shot(page, "01-landing");
    await signUp(page, owner);
    await page.waitForURL("**/projects");
    await page.getByText("No projects yet").waitFor();
    await shot(page, "02-empty-project-list");

    await page.getByLabel("Title").fill("Resting-state ReHo and ALFF in chronic low back pain");
    await page.getByLabel("Review question").fill("Do adults with chronic low back pain differ from healthy controls in regional homogeneity or ALFF?");
    await page.getByLabel("Registration (PROSPERO id, optional)").fill("CRD42024000001");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = page.url();
    await page.getByRole("heading", { name: "Resting-state ReHo and ALFF in chronic low back pain" }).waitFor();
    await shot(page, "03-project-overview");

    await page.getByRole("link", { name: "Team" }).click();
    await page.getByLabel("E-mail").fill(reviewer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("reviewer");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const linkBox = page.getByLabel("Invitation link");
    await linkBox.waitFor();
    const inviteUrl = await linkBox.inputValue();
    expect(inviteUrl).toMatch(/\/invite\/[\w-]{20,}$/);
    await shot(page, "04-invitation-link");

    // the co-reviewer opens the link in their own browser, creates an account and joins
    const reviewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const rpage = await reviewerContext.newPage();
    await rpage.goto(inviteUrl);
    await rpage.getByText("You were invited as").waitFor();
    await shot(rpage, "05-invitation-landing");
    await rpage.getByRole("link", { name: "Create an account and join" }).click();
    await rpage.waitForURL("**/signup**");
    expect(await rpage.getByLabel("E-mail").inputValue()).toBe(reviewer.email);
    await rpage.getByLabel("Name").fill(reviewer.name);
    await rpage.getByLabel("Password", { exact: true }).fill(reviewer.password);
    await rpage.getByLabel("Repeat password").fill(reviewer.password);
    await rpage.getByRole("button", { name: "Create account" }).click();
    await rpage.waitForURL("**/invite/**");
    await rpage.getByRole("button", { name: "Accept invitation" }).click();
    await rpage.waitForURL(projectUrl);
    await rpage.getByRole("heading", { name: "Resting-state ReHo and ALFF in chronic low back pain" }).waitFor();
    await rpage.goto(baseUrl() + "/projects");
    await rpage.getByText("Resting-state ReHo and ALFF in chronic low back pain").waitFor();
    await shot(rpage, "06-reviewer-project-list");

    // the owner sees the new member
    await page.reload();
    await page.getByRole("cell", { name: reviewer.email }).waitFor();
    await shot(page, "07-team-with-reviewer");

    // wrong password gives a clear error
    const third = await browser.newContext();
    const tpage = await third.newPage();
    await tpage.goto(baseUrl() + "/signin");
    await tpage.getByLabel("E-mail").fill(owner.email);
    await tpage.getByLabel("Password").fill("not-the-password");
    await tpage.getByRole("button", { name: "Sign in" }).click();
    await tpage.getByText("Wrong e-mail or password.").waitFor();
    await shot(tpage, "08-wrong-password");
    // and the right one signs in
    await tpage.getByLabel("Password").fill(owner.password);
    await tpage.getByRole("button", { name: "Sign in" }).click();
    await tpage.waitForURL("**/projects");
    await tpage.getByRole("button", { name: "Sign out" }).click();
    await tpage.waitForURL("**/signin");
  });
});
