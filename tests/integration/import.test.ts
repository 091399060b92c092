import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, records } from "@/db/schema";
import { MAX_IMPORT_BYTES } from "@/server/engine/records";
import { handleImportRequest } from "@/server/review/import/http";
import { INSERT_BATCH } from "@/server/review/import/insert-records";
import { previewImport } from "@/server/review/import/preview";
import { callerFor, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { bibtex, bytes, medline, postImport, pubmedRis, scopusCsv, sourceOptions, truncatedRis } from "./import-fixtures";
import type { SessionUser } from "@/server/trpc";

let handle: TestDatabase;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle?.close());

describe("search import through the upload route", () => {
  let owner: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    owner = await makeUser(handle.db, "Owner");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Resting-state fMRI in chronic pain" })).id;
  });

  it(`previews without storing anything`, async () => {
    const before = await fingerprint(handle.db);
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis }, { format: "auto" }, "preview");
    expect(status).toBe(200);
    expect(body).toMatchObject({ format: "ris", encoding: "utf-8", recordCount: 4, warningCount: 0, sameFile: null, csv: null });
    expect(body.sample[0].title).toBe("Altered regional homogeneity in chronic low back pain: a resting-state fMRI study");
    expect(body.sample[2].title).toBe("慢性腰痛患者静息态脑功能磁共振成像研究");
    expect(Object.fromEntries(body.fieldsFound)).toMatchObject({ TI: 4, AU: 4, AB: 3, DO: 3 });
    expect(body.filled).toMatchObject({ title: 4, doi: 3, abstract: 3 });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("previews a Scopus CSV with its pre-mapped columns", async () => {
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "scopus.csv", content: scopusCsv }, {}, "preview");
    expect(status).toBe(200);
    expect(body.format).toBe("csv");
    expect(body.csv.preset).toBe("scopus");
    expect(body.csv.mapping.title).toEqual(["Title"]);
    expect(body.csv.headers).toContain("EID");
    expect(body.recordCount).toBe(3);
    expect(body.sample[2].abstract).toBe("Multi-line\r\nabstract here.");
  });

  it("imports RIS, MEDLINE, BibTeX and CSV with correct counts and fields", async () => {
    const ris = await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis }, sourceOptions("PubMed"));
    expect(ris.status).toBe(200);
    expect(ris.body).toMatchObject({ format: "ris", recordCount: 4, dedup: { autoMerged: 0, queued: 0 } });
    const nbib = await postImport(handle.db, owner, projectId, { name: "pubmed.nbib", content: medline }, sourceOptions("MEDLINE"));
    expect(nbib.body).toMatchObject({ format: "medline", recordCount: 4 });
    const bib = await postImport(handle.db, owner, projectId, { name: "zotero.bib", content: bibtex }, sourceOptions("Zotero library", { format: "bibtex" }));
    expect(bib.body).toMatchObject({ format: "bibtex", recordCount: 2 });
    // a person-chosen mapping wins over the preset: here the short "Authors" column only
    const mapping = { type: ["Document Type"], title: ["Title"], authors: ["Authors"], year: ["Year"], journal: ["Source title"], doi: ["DOI"], abstract: ["Abstract"], pageStart: ["Page start"], pageEnd: ["Page end"], sourceRecordId: ["EID"] };
    const csv = await postImport(handle.db, owner, projectId, { name: "scopus.csv", content: scopusCsv }, sourceOptions("Scopus", { format: "csv", csvMapping: mapping }));
    expect(csv.status).toBe(200);
    expect(csv.body).toMatchObject({ format: "csv", recordCount: 3 });

    const stored = await handle.db.select().from(records).where(eq(records.projectId, projectId));
    expect(stored).toHaveLength(13);
    const chinese = stored.find((r) => r.sourceRecordId === "pm3")!;
    expect(chinese).toMatchObject({ title: "慢性腰痛患者静息态脑功能磁共振成像研究", otherTitles: ["Resting-state functional MRI in patients with chronic low back pain"], year: 2020, journal: "中华医学杂志", pages: "55-60" });
    const first = stored.find((r) => r.sourceRecordId === "pm1")!;
    expect(first.abstract).toContain("We measured regional homogeneity in 40 patients");
    expect(first.authors).toEqual(["Zhang, Wei", "Müller, Anna"]);
    expect(first.raw.KW).toEqual(["regional homogeneity", "chronic pain"]);
    const okafor = stored.find((r) => r.sourceRecordId === "2-s2.0-3")!;
    expect(okafor).toMatchObject({ title: 'Cerebellar activation during "painful" heat, a meta-analysis', authors: ["Okafor C."], pages: "1-12", type: "review" });
    const novak = stored.find((r) => r.pmid === "31111111")!;
    expect(novak).toMatchObject({ journal: "Cephalalgia", year: 2017, pages: "500-509" });

    const sources = await callerFor(handle.db, owner).records.sources({ projectId });
    expect(sources.map((s) => [s.name, s.recordCount, s.format])).toEqual([["Scopus", 3, "csv"], ["Zotero library", 2, "bibtex"], ["MEDLINE", 4, "medline"], ["PubMed", 4, "ris"]]);
    expect(sources[3]).toMatchObject({ searchDate: "2024-05-01", query: "(pain) AND (fMRI) [PubMed]", fileName: "pubmed.ris", importedBy: "Owner" });
    const audits = await handle.db.select().from(auditLog).where(eq(auditLog.action, "records.import"));
    expect(audits).toHaveLength(4);
    expect(audits.find((a) => a.entityId === sources[3].id)?.after).toMatchObject({ records: 4, format: "ris", name: "PubMed" });
  });

  it("reads UTF-16 with BOM", async () => {
    const text = "\uFEFF" + pubmedRis;
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16[2 * i] = text.charCodeAt(i) & 0xff;
      utf16[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "utf16.ris", content: utf16 }, {}, "preview");
    expect(status).toBe(200);
    expect(body).toMatchObject({ encoding: "utf-16le", recordCount: 4 });
    expect(body.sample[2].title).toBe("慢性腰痛患者静息态脑功能磁共振成像研究");
  });

  it("refuses a truncated file naming the line and record, and imports nothing", async () => {
    const before = await fingerprint(handle.db);
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "cut.ris", content: truncatedRis }, sourceOptions("Embase"));
    expect(status).toBe(400);
    expect(body.error).toMatch(/^cut\.ris, \(ris\), line 7, record 3: .*no 'ER {2}-' end tag.*expected/);
    expect(body.details).toMatchObject({ code: "truncated", line: 7, record: 3 });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses a file that fails late, after earlier batches were inserted, leaving the database unchanged", async () => {
    // a full INSERT batch and 200 more good records, then a broken one: the first batch ran inside the transaction
    const good = Array.from({ length: INSERT_BATCH + 200 }, (_, i) => `TY  - JOUR\r\nTI  - Synthetic record number ${i}\r\nER  - \r\n`).join("");
    const before = await fingerprint(handle.db);
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "late.ris", content: good + "TY  - JOUR\r\nTI  - never ends\r\n" }, sourceOptions("Late"));
    expect(status).toBe(400);
    expect(body.details).toMatchObject({ code: "truncated", record: INSERT_BATCH + 201 });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses binary garbage and a wrong format with a specific message", async () => {
    const before = await fingerprint(handle.db);
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    const bin = await postImport(handle.db, owner, projectId, { name: "photo.jpg", content: garbage }, sourceOptions("X"));
    expect(bin.status).toBe(400);
    expect(bin.body.error).toMatch(/^photo\.jpg/);
    const wrong = await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis + "\r\n" }, sourceOptions("X", { format: "bibtex" }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/no bibtex records found.*looks like ris/);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses a file over 200 MB with a clear limit message, before reading the upload and in the service", async () => {
    const before = await fingerprint(handle.db);
    const form = new FormData();
    form.set("file", new File([bytes(pubmedRis)], "huge.ris"));
    const declared = new Request(`http://localhost/api/projects/${projectId}/import?step=commit`, { method: "POST", body: form, headers: { "content-length": String(MAX_IMPORT_BYTES + 5 * 1048576) } });
    const response = await handleImportRequest(handle.db, owner, projectId, declared);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/The file is 205\.0 MB; the largest file Concord imports is 200 MB\. Split the export/);
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    await expect(previewImport(handle.db, projectId, big, "huge.ris", { format: "auto" })).rejects.toThrow(/huge\.ris is 200\.0 MB; the largest file Concord imports is 200 MB/);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses re-uploading the same file unless confirmed", async () => {
    const before = await fingerprint(handle.db);
    const preview = await postImport(handle.db, owner, projectId, { name: "again.ris", content: pubmedRis }, {}, "preview");
    expect(preview.body.sameFile).toMatchObject({ name: "PubMed" });
    const refused = await postImport(handle.db, owner, projectId, { name: "again.ris", content: pubmedRis }, sourceOptions("PubMed again"));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/again\.ris was already imported \(as "PubMed" on \d{4}-\d\d-\d\d\)/);
    expect(await fingerprint(handle.db)).toEqual(before);
    const confirmed = await postImport(handle.db, owner, projectId, { name: "again.ris", content: pubmedRis }, sourceOptions("PubMed again", { confirmDuplicateFile: true }));
    expect(confirmed.status).toBe(200);
    // every record of the repeated file is an exact duplicate of the first import
    expect(confirmed.body.dedup.autoMerged).toBe(4);
  });

  it("refuses invalid source details", async () => {
    const before = await fingerprint(handle.db);
    const { status, body } = await postImport(handle.db, owner, projectId, { name: "x.ris", content: bibtex }, { source: { name: "", searchDate: "yesterday" } });
    expect(status).toBe(400);
    expect(body.error).toMatch(/Name the database/);
    expect(body.error).toMatch(/Search date must be a date/);
    expect(await fingerprint(handle.db)).toEqual(before);
  });
});

describe("who may import", () => {
  let projectId: string;
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    for (const name of ["Owner", "Reviewer", "Viewer", "Outsider"]) users[name] = await makeUser(handle.db, name);
    const owner = callerFor(handle.db, users.Owner);
    projectId = (await owner.projects.create({ title: "Import permissions" })).id;
    for (const role of ["reviewer", "viewer"] as const) {
      const invite = await owner.members.invite({ projectId, email: users[role === "reviewer" ? "Reviewer" : "Viewer"].email, role });
      await callerFor(handle.db, users[role === "reviewer" ? "Reviewer" : "Viewer"]).members.acceptInvitation({ token: invite.token });
    }
  });

  it("answers 401 signed out, 404 to outsiders and unknown projects, 403 to viewers, with nothing stored", async () => {
    const before = await fingerprint(handle.db);
    const file = { name: "p.ris", content: pubmedRis };
    for (const step of ["preview", "commit"] as const) {
      expect((await postImport(handle.db, null, projectId, file, sourceOptions("P"), step)).status).toBe(401);
      expect((await postImport(handle.db, users.Outsider, projectId, file, sourceOptions("P"), step)).status).toBe(404);
      expect((await postImport(handle.db, users.Owner, "00000000-0000-4000-8000-000000000000", file, sourceOptions("P"), step)).status).toBe(404);
      expect((await postImport(handle.db, users.Owner, "not-a-uuid", file, sourceOptions("P"), step)).status).toBe(404);
      const viewer = await postImport(handle.db, users.Viewer, projectId, file, sourceOptions("P"), step);
      expect(viewer.status).toBe(403);
      expect(viewer.body.error).toMatch(/reviewer role/);
    }
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("lets a reviewer import", async () => {
    const { status, body } = await postImport(handle.db, users.Reviewer, projectId, { name: "p.ris", content: bytes(pubmedRis) }, sourceOptions("PubMed"));
    expect(status).toBe(200);
    expect(body.recordCount).toBe(4);
  });
});
