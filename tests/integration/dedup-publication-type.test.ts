import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { duplicatePairs, records } from "@/db/schema";
import { findDuplicates, parseCitations, type CitationRecord } from "@/server/engine/records";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { bytes, postImport, sourceOptions } from "./import-fixtures";
import type { SessionUser } from "@/server/trpc";

// An erratum filed under its article's title, first author, journal, year and volume: only its
// publication type (RIS M3) tells it from the article, so the type field alone decides the pair.
const crlf = (lines: string[]) => lines.join("\r\n") + "\r\n";
const citation = ["TY  - JOUR", "TI  - Altered regional homogeneity in chronic low back pain: a resting-state fMRI study", "AU  - Zhang, Wei", "AU  - Müller, Anna", "PY  - 2019", "T2  - NeuroImage", "VL  - 190"];
const articleRis = crlf([...citation, "SP  - 120", "EP  - 128", "ID  - article", "ER  - "]);
const erratumRis = crlf([...citation, "M3  - Erratum", "ID  - erratum", "ER  - "]);

const parse = (text: string, fileName: string) => parseCitations(bytes(text), { fileName }).records;
/** The engine's decision on the pair, as the CLI (`npm run records -- dedup`) makes it: full raw fields. */
function engineDecision(pair: CitationRecord[]) {
  const groups = findDuplicates(pair).groups.filter((g) => g.members.length === 2);
  return groups.length === 0 ? null : groups[0].confidence;
}

describe("dedup in the app reads publication-type raw fields, as the engine does", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  const pair = [...parse(articleRis, "article.ris"), ...parse(erratumRis, "erratum.ris")];

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
  });
  afterAll(async () => handle?.close());

  it("is a case the type field decides: review with it, auto-merge without it", () => {
    expect(engineDecision(pair)).toBe("review");
    expect(engineDecision(pair.map((r) => ({ ...r, raw: {} })))).toBe("auto");
  });

  // erratum second: it is a fresh record of the import (dedupView); erratum first: it is read back from the database
  for (const order of [["article", "erratum"], ["erratum", "article"]] as const) {
    it(`queues the pair instead of merging it when the ${order[1]} is imported after the ${order[0]}`, async () => {
      const projectId = (await callerFor(handle.db, owner).projects.create({ title: `Erratum ${order.join(" then ")}` })).id;
      const files = { article: articleRis, erratum: erratumRis };
      const outcomes = [];
      for (const name of order) {
        const result = await postImport(handle.db, owner, projectId, { name: `${name}.ris`, content: files[name] }, sourceOptions(name));
        expect(result.status).toBe(200);
        outcomes.push(result.body.dedup);
      }
      expect(outcomes[1]).toMatchObject({ autoMerged: 0, queued: 1 });
      const rows = await handle.db.select({ duplicateOf: records.duplicateOf, removalReason: records.removalReason }).from(records).where(eq(records.projectId, projectId));
      expect(rows).toEqual([{ duplicateOf: null, removalReason: null }, { duplicateOf: null, removalReason: null }]);
      const pairs = await handle.db.select({ status: duplicatePairs.status, auto: duplicatePairs.auto }).from(duplicatePairs).where(eq(duplicatePairs.projectId, projectId));
      // the engine's "review" is the app's pending pair
      expect(pairs).toEqual([{ status: "pending", auto: false }]);
    });
  }
});
