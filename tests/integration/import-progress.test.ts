import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { records, searchSources } from "@/db/schema";
import { handleImportCancel, handleImportRequest } from "@/server/review/import/http";
import { isImportRunning } from "@/server/review/import/running-imports";
import type { SessionUser } from "@/server/trpc";
import { callerFor, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { bytes, sourceOptions, truncatedRis } from "./import-fixtures";
import { addMember } from "./screening-fixtures";

/** `n` distinct RIS records: 5,000 are three batches of the import's writes. */
const manyRecords = (n: number) =>
  Array.from({ length: n }, (_, i) => `TY  - JOUR\r\nTI  - Resting-state study number ${i} of the insula\r\nAU  - Author${i}, A\r\nPY  - ${2000 + (i % 20)}\r\nER  - \r\n`).join("");

function commitRequest(projectId: string, content: string, query: string, options = sourceOptions("PubMed")): Request {
  const form = new FormData();
  form.set("file", new File([bytes(content) as BlobPart], "search.ris"));
  form.set("options", JSON.stringify(options));
  return new Request(`http://localhost/api/projects/${projectId}/import?step=commit&${query}`, { method: "POST", body: form });
}

/** The streamed answer's lines, handing each to `onLine` as it arrives. */
async function readLines(response: Response, onLine: (line: Record<string, any>) => void | Promise<void> = () => {}): Promise<Record<string, any>[]> {
  const lines: Record<string, any>[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += chunk.value;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    for (const part of parts.filter(Boolean)) {
      const line = JSON.parse(part);
      lines.push(line);
      await onLine(line);
    }
  }
  expect(buffered).toBe("");
  return lines;
}

describe("an import that reports progress and can be cancelled", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let rob: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Progress" })).id;
    rob = await addMember(handle.db, projectId, "Rob", "reviewer");
  });
  afterAll(async () => handle?.close());

  it("streams the records saved so far, then deduplication, then the same summary as a plain commit", async () => {
    const response = await handleImportRequest(handle.db, owner, projectId, commitRequest(projectId, manyRecords(5000), "progress=1"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = await readLines(response);
    const progress = lines.filter((l) => l.progress).map((l) => l.progress);
    expect(progress).toEqual([
      { step: "saving", records: 2000 },
      { step: "saving", records: 4000 },
      { step: "saving", records: 5000 },
      { step: "deduplicating", records: 5000 },
    ]);
    const last = lines.at(-1)!;
    expect(last.result).toMatchObject({ name: "PubMed", format: "ris", recordCount: 5000, dedup: { autoMerged: expect.any(Number), queued: expect.any(Number) } });
    const stored = await handle.db.select().from(records).where(eq(records.sourceId, last.result.sourceId));
    expect(stored).toHaveLength(5000);
  });

  it("reports a malformed file as a failure line with its status, importing nothing", async () => {
    const before = await fingerprint(handle.db);
    const lines = await readLines(await handleImportRequest(handle.db, owner, projectId, commitRequest(projectId, truncatedRis, "progress=1", sourceOptions("Truncated"))));
    expect(lines.at(-1)!.failure).toMatchObject({ status: 400, code: "BAD_REQUEST", details: { code: "truncated" } });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("stops when the person who started it cancels: the transaction rolls back; nobody else can cancel it", async () => {
    const before = await fingerprint(handle.db);
    const importId = randomUUID();
    const cancel = (user: SessionUser | null, project = projectId) =>
      handleImportCancel(user?.id ?? null, project, new Request(`http://localhost/api/projects/${project}/import?step=cancel&importId=${importId}`, { method: "POST" }));
    const response = await handleImportRequest(handle.db, rob, projectId, commitRequest(projectId, manyRecords(6000), `progress=1&importId=${importId}`, sourceOptions("Cancelled")));
    const answers: unknown[] = [];
    const lines = await readLines(response, async (line) => {
      if (line.progress?.records !== 2000) return;
      // while it runs: not the owner, not another project, not signed in — then Rob himself
      answers.push(await (await cancel(owner)).json());
      answers.push(await (await cancel(rob, randomUUID())).json());
      answers.push((await cancel(null)).status);
      answers.push(await (await cancel(rob)).json());
    });
    expect(answers).toEqual([{ cancelled: false }, { cancelled: false }, 401, { cancelled: true }]);
    expect(lines.at(-1)!.failure).toMatchObject({ status: 400, details: { code: "cancelled" }, error: expect.stringContaining("cancelled: none of its records were kept") });
    expect(lines.filter((l) => l.progress?.step === "deduplicating")).toHaveLength(0);
    expect(await fingerprint(handle.db)).toEqual(before);
    expect(await handle.db.select().from(searchSources).where(eq(searchSources.name, "Cancelled"))).toHaveLength(0);
    // finished imports are forgotten: cancelling afterwards finds nothing
    expect(await (await cancel(rob)).json()).toEqual({ cancelled: false });
  });

  it("stops when the browser goes away (the response stream is cancelled)", async () => {
    const before = await fingerprint(handle.db);
    const importId = randomUUID();
    const response = await handleImportRequest(handle.db, owner, projectId, commitRequest(projectId, manyRecords(6000), `progress=1&importId=${importId}`, sourceOptions("Abandoned")));
    const reader = response.body!.getReader();
    await reader.read(); // the first progress line
    expect(isImportRunning(importId)).toBe(true);
    await reader.cancel();
    // the import notices at its next batch and rolls back
    await expect.poll(() => isImportRunning(importId), { timeout: 20_000 }).toBe(false);
    expect(await fingerprint(handle.db)).toEqual(before);
    expect(await handle.db.select().from(searchSources).where(eq(searchSources.name, "Abandoned"))).toHaveLength(0);
  });
});
