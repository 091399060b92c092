import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asc, eq, isNotNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { records, searchSources } from "@/db/schema";
import { parseCitations, type CitationRecord } from "@/server/engine/records";
import type { SessionUser } from "@/server/trpc";
import { describeShared, realExportCounts, sharedPath } from "@/tests/shared-data";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { postImport } from "./import-fixtures";

// Every real export in ../shared/data/imports goes through the app exactly as the import page sends
// it — preview, then commit with the format and CSV mapping the preview chose — into one project, so
// the cross-database searches in them (gambling harms, Enge 2021) also meet each other's records in dedup.

const files = () =>
  readdirSync(sharedPath("data/imports"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(sharedPath("data/imports", d.name)).map((name) => `${d.name}/${name}`))
    .sort();

/** What the row must hold for a parsed record: the parsed value, less the NUL characters PostgreSQL text cannot store. */
const stored = (s: string | null) => (s === null ? null : s.replace(/\u0000/g, ""));

function expectStoredAsParsed(row: typeof records.$inferSelect, r: CitationRecord, where: string) {
  const fields = { where, title: row.title, abstract: row.abstract, authors: row.authors, year: row.year, journal: row.journal, volume: row.volume, issue: row.issue, pages: row.pages, doi: row.doi, pmid: row.pmid, keywords: row.keywords, type: row.type };
  expect(fields).toEqual({
    where,
    title: stored(r.title),
    abstract: stored(r.abstract),
    authors: r.authors.map((a) => stored(a)),
    year: r.year,
    journal: stored(r.journal),
    volume: stored(r.volume),
    issue: stored(r.issue),
    pages: stored(r.pages),
    doi: stored(r.doi),
    pmid: stored(r.pmid),
    keywords: r.keywords.map((k) => stored(k)),
    type: r.type,
  });
  // nothing the file said is dropped: each source value is in `raw` or is the title or abstract column
  for (const [tag, values] of Object.entries(r.raw)) {
    for (const v of values) {
      const kept = (row.raw[stored(tag)!] ?? []).includes(stored(v)!) || v === r.title || v === r.abstract;
      expect(kept, `${where}: ${tag} "${v.slice(0, 60)}" kept`).toBe(true);
    }
  }
}

describeShared("every real export in ../shared/data/imports imports through the app", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let projectId: string;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Real exports" })).id;
  });
  afterAll(async () => handle?.close());

  const expected = realExportCounts();
  for (const file of files()) {
    if (file.endsWith("README.md")) continue;
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(sharedPath("data/imports", file)));
      const name = file.split("/")[1];
      const preview = await postImport(handle.db, owner, projectId, { name, content: bytes }, { format: "auto" }, "preview");
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.recordCount).toBe(expected.get(file));
      const commit = await postImport(handle.db, owner, projectId, { name, content: bytes }, {
        format: preview.body.format,
        csvMapping: preview.body.csv ? preview.body.csv.mapping : undefined,
        source: { name: file },
      });
      expect(commit.status, JSON.stringify(commit.body)).toBe(200);
      expect(commit.body).toMatchObject({ recordCount: expected.get(file), format: preview.body.format });
      counts.set(file, commit.body.recordCount);

      const rows = await handle.db.select().from(records).where(eq(records.sourceId, commit.body.sourceId)).orderBy(asc(records.sourceIndex));
      const parsed = parseCitations(bytes, { fileName: name, format: preview.body.format, csvMapping: preview.body.csv?.mapping }).records;
      expect(rows).toHaveLength(parsed.length);
      rows.forEach((row, i) => {
        expect(row.sourceIndex).toBe(i + 1);
        expectStoredAsParsed(row, parsed[i], `${file} record ${i + 1}`);
      });
    });
  }

  it("the project counts every imported record once, and no automatic merge joins records with different DOIs", async () => {
    const sources = await handle.db.select({ recordCount: searchSources.recordCount }).from(searchSources).where(eq(searchSources.projectId, projectId));
    expect(sources).toHaveLength(counts.size);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(sources.reduce((n, s) => n + s.recordCount, 0)).toBe(total);
    expect(await handle.db.$count(records, eq(records.projectId, projectId))).toBe(total);

    const kept = alias(records, "kept");
    const merged = await handle.db
      .select({ doi: records.doi, keptDoi: kept.doi, title: records.title, keptTitle: kept.title })
      .from(records)
      .innerJoin(kept, eq(kept.id, records.duplicateOf))
      .where(isNotNull(records.duplicateOf));
    // the two EndNote XML files are one library exported from Zotero and from Mendeley, and the
    // gambling-harms and Enge 2021 searches overlap across databases (2,185 merges when written)
    expect(merged.length).toBeGreaterThan(1500);
    const conflicting = merged.filter((m) => m.doi && m.keptDoi && m.doi.toLowerCase() !== m.keptDoi.toLowerCase());
    expect(conflicting).toEqual([]);
  });
});
