import { describe, expect, it } from "vitest";
import { writeCsv, writeRis } from "./export";
import { parseCitations } from "./parse";
import { fixture } from "./test-helpers";
import type { CitationRecord } from "./types";

const normalised = (records: CitationRecord[]) => records.map(({ raw: _raw, ...fields }) => fields);
const sources = ["cnki.ris", "pubmed.nbib", "accents.bib", "wos.txt", "endnote.xml", "scopus.csv"];

describe("exporters round-trip", () => {
  it.each(sources)("RIS export of %s parses back to the same records", (name) => {
    const original = parseCitations(fixture(name), { fileName: name }).records.map((r) => ({ ...r, abstract: r.abstract?.replace(/\r\n?/g, "\n") ?? null }));
    const back = parseCitations(new TextEncoder().encode(writeRis(original)), { fileName: "export.ris" });
    expect(back.format).toBe("ris");
    expect(normalised(back.records)).toEqual(normalised(original));
  });

  it.each(sources)("CSV export of %s parses back to the same records", (name) => {
    const original = parseCitations(fixture(name), { fileName: name }).records;
    const back = parseCitations(new TextEncoder().encode(writeCsv(original)), { fileName: "export.csv" });
    expect(back.format).toBe("csv");
    expect(normalised(back.records)).toEqual(normalised(original));
  });

  it("escapes a continuation line that looks like a RIS tag", () => {
    const [r] = parseCitations(fixture("cnki.ris"), { fileName: "cnki.ris" }).records;
    const tricky = { ...r, abstract: "first line\nER  - not the end" };
    const back = parseCitations(new TextEncoder().encode(writeRis([tricky])), { fileName: "x.ris" }).records;
    expect(back).toHaveLength(1);
    expect(back[0].abstract).toBe("first line\nER  - not the end");
  });
});
