import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCitations } from "@/server/engine/records";
import { eq } from "drizzle-orm";
import { records, searchSources } from "@/db/schema";
import { handleExportRequest } from "@/server/review/import/http";
import { listRecords, listSources } from "@/server/review/import/list-records";
import { indexWorkerOptions } from "@/server/review/import/search-index-job";
import { exportRecordSet } from "@/server/review/import/record-sets";
import { callerFor, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { bibtex, medline, postImport, pubmedRis, scopusCsv, sourceOptions } from "./import-fixtures";
import type { SessionUser } from "@/server/trpc";

async function download(db: TestDatabase["db"], user: SessionUser | null, projectId: string, query: string) {
  const response = await handleExportRequest(db, user, projectId, new Request(`http://localhost/api/projects/${projectId}/records/export?${query}`));
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("browsing, searching and exporting records", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let outsider: SessionUser;
  let projectId: string;
  let pubmedSourceId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    outsider = await makeUser(handle.db, "Outsider");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Records project" })).id;
    pubmedSourceId = (await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis }, sourceOptions("PubMed"))).body.sourceId;
    await postImport(handle.db, owner, projectId, { name: "medline.nbib", content: medline }, sourceOptions("MEDLINE"));
    await postImport(handle.db, owner, projectId, { name: "lib.bib", content: bibtex }, sourceOptions("Zotero"));
    await postImport(handle.db, owner, projectId, { name: "scopus.csv", content: scopusCsv }, sourceOptions("Scopus"));
  });
  afterAll(async () => handle?.close());

  it("pages and sorts on the server", async () => {
    const list = (input: object) => callerFor(handle.db, owner).records.list({ projectId, ...input });
    const first = await list({ limit: 5 });
    expect(first.total).toBe(13);
    expect(first.rows).toHaveLength(5);
    expect(first.rows[0]).toMatchObject({ title: "Altered regional homogeneity in chronic low back pain: a resting-state fMRI study", sourceName: "PubMed" });
    const rest = await list({ limit: 5, offset: 10 });
    expect(rest.rows).toHaveLength(3);
    const byYear = await list({ sort: "year", desc: true, limit: 3 });
    expect(byYear.rows.map((r) => r.year)).toEqual([2022, 2021, 2021]);
    const byTitle = await list({ sort: "title" });
    const titles = byTitle.rows.map((r) => r.title!.toLowerCase());
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byAuthor = await list({ sort: "author", limit: 1 });
    expect(byAuthor.rows[0].authors[0]).toBe("Dubois, Claire");
    expect((await list({ status: "duplicate" })).total).toBe(3);
    expect((await list({ status: "screenable" })).total).toBe(10);
    expect((await list({ sourceId: pubmedSourceId })).total).toBe(4);
    expect((await list({ yearFrom: 2020, yearTo: 2021 })).total).toBe(4);
  });

  it("searches titles, abstracts and authors by word prefix, accents and case aside, CJK as phrases", async () => {
    const search = async (q: string) => (await callerFor(handle.db, owner).records.list({ projectId, q, sort: "title" })).rows.map((r) => r.title);
    expect(await search("HOMOGENEITY")).toHaveLength(2);
    expect(await search("homogen resting")).toHaveLength(2);
    expect(await search("insula")).toEqual(["Amplitude of low-frequency fluctuation in fibromyalgia", "Amplitude of low-frequency fluctuation in fibromyalgia", "Insular cortex thickness in migraine without aura."]);
    expect(await search("muller")).toHaveLength(2);
    expect(await search("Müller")).toHaveLength(2);
    expect(await search("腰痛")).toEqual(["慢性腰痛患者静息态脑功能磁共振成像研究"]);
    expect(await search("痛腰")).toEqual([]);
    expect(await search("局部一致性")).toHaveLength(1);
    expect(await search("thalamic neuropathic")).toEqual(["Thalamic connectivity in neuropathic pain"]);
    expect(await search("thalamic fibromyalgia")).toEqual([]);
    expect(await search("' | ! ( :*")).toHaveLength(13);
    expect(await search("pain & fMRI")).toEqual(await search("pain and fMRI"));
  });

  it("shows one record with its raw fields and merged duplicates", async () => {
    const [row] = (await callerFor(handle.db, owner).records.list({ projectId, q: "homogeneity", status: "screenable" })).rows;
    const record = await callerFor(handle.db, owner).records.get({ projectId, recordId: row.id });
    expect(record).toMatchObject({ sourceName: "PubMed", sourceFile: "pubmed.ris", pmid: null, doi: "10.1016/j.neuroimage.2019.01.001" });
    expect(record.raw.KW).toEqual(["regional homogeneity", "chronic pain"]);
    expect(record.duplicates).toEqual([expect.objectContaining({ sourceName: "MEDLINE" })]);
    expect("searchVector" in record).toBe(false);
  });

  it("exports record sets as RIS and CSV that read back to the same records", async () => {
    const ris = await download(handle.db, owner, projectId, "set=all&format=ris");
    expect(ris.status).toBe(200);
    expect(ris.type).toMatch(/research-info-systems/);
    const back = parseCitations(new TextEncoder().encode(ris.text), { fileName: "export.ris" });
    expect(back.records).toHaveLength(13);
    const stored = (await callerFor(handle.db, owner).records.list({ projectId, limit: 100 })).rows;
    expect(back.records.map((r) => r.title).sort()).toEqual(stored.map((r) => r.title).sort());
    const chinese = back.records.find((r) => r.title === "慢性腰痛患者静息态脑功能磁共振成像研究")!;
    expect(chinese).toMatchObject({ otherTitles: ["Resting-state functional MRI in patients with chronic low back pain"], year: 2020, pages: "55-60", authors: ["王, 伟", "李, 娜"] });

    const csv = await download(handle.db, owner, projectId, "set=screenable&format=csv");
    const fromCsv = parseCitations(new TextEncoder().encode(csv.text), { fileName: "export.csv" });
    expect(fromCsv.records).toHaveLength(10);
    expect(fromCsv.records.find((r) => r.title?.startsWith("Cerebellar"))).toMatchObject({ title: 'Cerebellar activation during "painful" heat, a meta-analysis', abstract: "Multi-line\r\nabstract here.", year: 2015 });

    const source = await download(handle.db, owner, projectId, `set=source:${pubmedSourceId}&format=ris`);
    expect(source.text.match(/^TY {2}- /gm)).toHaveLength(4);
    expect((await download(handle.db, owner, projectId, "set=duplicates&format=ris")).text.match(/^TY {2}- /gm)).toHaveLength(3);
  });

  it("streams multi-batch exports with one CSV header and every record once", async () => {
    const collect = async (format: "ris" | "csv") => {
      const chunks: string[] = [];
      for await (const chunk of exportRecordSet(handle.db, projectId, "all", format, 5)) chunks.push(chunk);
      return chunks;
    };
    const csv = await collect("csv");
    expect(csv).toHaveLength(3);
    const text = csv.join("");
    expect(text.match(/record_id,type,title/g)).toHaveLength(1);
    const back = parseCitations(new TextEncoder().encode(text), { fileName: "batched.csv" });
    expect(back.records).toHaveLength(13);
    const stored = (await callerFor(handle.db, owner).records.list({ projectId, limit: 100 })).rows;
    expect(back.records.map((r) => r.title).sort()).toEqual(stored.map((r) => r.title).sort());
    const ris = (await collect("ris")).join("");
    expect(parseCitations(new TextEncoder().encode(ris), { fileName: "batched.ris" }).records).toHaveLength(13);
  });

  it("refuses exports to outsiders (404), signed-out callers (401) and unknown sets (400)", async () => {
    const before = await fingerprint(handle.db);
    expect((await download(handle.db, outsider, projectId, "set=all&format=ris")).status).toBe(404);
    expect((await download(handle.db, null, projectId, "set=all&format=ris")).status).toBe(401);
    const unknown = await download(handle.db, owner, projectId, "set=included-by-magic&format=ris");
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(/Unknown record set/);
    expect((await download(handle.db, owner, projectId, "set=all&format=docx")).status).toBe(400);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("searches the same from an index rebuilt from the database, and forgets a deleted source", async () => {
    const queries = ["homogen resting", "insula", "Müller", "腰痛", "局部一致性", "pain"];
    const ids = async (db: Parameters<typeof listRecords>[0], q: string) => (await listRecords(db, projectId, { q, limit: 100 })).rows.map((r) => r.id).sort();
    const warm = await Promise.all(queries.map((q) => ids(handle.db, q)));
    // a transaction is another handle: its cache starts empty and loads every source from the tables
    // (on PGlite in the index worker thread, as for a large source)
    const saved = indexWorkerOptions.minRecords;
    indexWorkerOptions.minRecords = 0;
    try {
      const cold = await handle.db.transaction(async (tx) => Promise.all(queries.map((q) => ids(tx, q))));
      expect(cold).toEqual(warm);
    } finally {
      indexWorkerOptions.minRecords = saved;
    }
    expect(warm.every((found) => found.length > 0)).toBe(true);
    const zotero = (await listSources(handle.db, projectId)).find((s) => s.name === "Zotero")!;
    const zoteroIds = new Set((await listRecords(handle.db, projectId, { sourceId: zotero.id, limit: 100 })).rows.map((r) => r.id));
    await handle.db.delete(records).where(eq(records.sourceId, zotero.id));
    await handle.db.delete(searchSources).where(eq(searchSources.id, zotero.id));
    const after = await Promise.all(queries.map((q) => ids(handle.db, q)));
    expect(after).toEqual(warm.map((found) => found.filter((id) => !zoteroIds.has(id))));
    expect(after.flat().length).toBeLessThan(warm.flat().length);
  });
});
