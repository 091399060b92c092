import { readFileSync, readdirSync } from "node:fs";
import { expect, it } from "vitest";
import { describeShared, realExportCounts, sharedPath } from "@/tests/shared-data";
import { parseCitations } from "./parse";
import type { CitationFormat } from "./types";

// Record counts are checked against an independent count of the raw text (one end-of-record
// marker per record) and against the count stated in ../shared/data/imports/README.md.
const markers: Record<string, [CitationFormat, RegExp | null]> = {
  ris: ["ris", /^\r?ER {2}-/gm],
  medline: ["medline", /^PMID- /gm],
  bibtex: ["bibtex", /^\s*@(?!string|comment|preamble)\w+\s*\{/gim],
  endnote_xml: ["endnote-xml", /<record>/g],
  wos: ["wos", /^ER\s*$/gm],
  csv: ["csv", null],
};

describeShared("every real export in ../shared/data/imports parses with the right count", () => {
  const counts = realExportCounts();
  for (const [dir, [format, marker]] of Object.entries(markers)) {
    for (const name of readdirSync(sharedPath("data/imports", dir))) {
      it(`${dir}/${name}`, () => {
        const bytes = readFileSync(sharedPath("data/imports", dir, name));
        const r = parseCitations(bytes, { fileName: name });
        const expected = counts.get(`${dir}/${name}`);
        expect(expected).toBeGreaterThan(0);
        expect(r.records).toHaveLength(expected!);
        if (name.endsWith(".tsv.txt")) {
          expect(r.format).toBe("wos-tsv");
          expect(new TextDecoder().decode(bytes).split("\r").filter((l) => l.trim()).length - 1).toBe(expected);
        } else {
          expect(r.format).toBe(format);
          if (marker) expect(new TextDecoder(name.includes("gbk") ? "gbk" : "utf-8").decode(bytes).match(marker)?.length).toBe(expected);
        }
        const withTitle = r.records.filter((x) => x.title).length;
        if (!name.includes("multiline") && !name.includes("bom")) expect(withTitle).toBe(r.records.length);
      });
    }
  }

  const parse = (dir: string, name: string) => parseCitations(readFileSync(sharedPath("data/imports", dir, name)), { fileName: name }).records;

  it("spot-checks key fields across formats", () => {
    const ovid = parse("ris", "synthesisr__Ovid_ris_example.ris")[0];
    expect(ovid).toMatchObject({ title: "Detection of retention trees on clearcuts, a 50-year perspective.", doi: "10.4236/ojf.2020.101008", year: 2020 });
    expect(ovid.authors[0]).toBe("Holmstrom, E.");
    const asp = parse("ris", "synthesisr__ASP_ris_example.ris");
    expect(asp.some((r) => /[\u4e00-\u9fff]/.test(r.title ?? "") && r.authors.some((a) => a.includes("熊")))).toBe(true);
    const rayyan = parse("ris", "asreview__rayyan_ris_issue_992.txt")[0];
    expect(rayyan.keywords.slice(0, 3)).toEqual(["Health Facility Administration", "Joint Commission", "Standards"]);
    const dims = parse("ris", "synthesisr__citesource_issue_24_dimensions.ris")[0];
    expect(dims.raw.UR).toHaveLength(2);
    const endnote = parse("ris", "asreview__pubmed_endnote.txt")[0];
    expect(endnote).toMatchObject({ pmid: "21553931", pages: "349-69" });
    const nbib = parse("medline", "nbib__pubmed.nbib")[0];
    expect(nbib).toMatchObject({ pmid: "30501481", doi: "10.1056/NEJMoa1812836", pages: "2517-2528", year: 2018, volume: "379", issue: "26" });
    expect(nbib.abstract).toMatch(/^BACKGROUND: Ibrutinib has been approved .* treatment of patients/);
    const gbk = parse("bibtex", "bibtexparser__gbk_test.bib")[0];
    expect(gbk).toMatchObject({ title: "Test Title", year: 2013, journal: "测试期刊", authors: ["凯撒"] });
    const scopusBib = parse("bibtex", "pybibx__scopus_m.bib");
    expect(scopusBib.some((r) => r.sourceRecordId === "Carmone Jr.1997538")).toBe(true);
    const [zot, men] = [parse("endnote_xml", "asysd__zotero_export.xml"), parse("endnote_xml", "asysd__mendeley_export.xml")];
    expect(zot[0]).toMatchObject({ title: "Myoclonus in older Cavalier King Charles Spaniels.", doi: "10.1111/jvim.16404", year: 2022, pages: "1032-1038" });
    expect(men[0].pmid).toBe("35319117");
    expect(zot.filter((r) => !r.abstract)).toHaveLength(105);
    const wos = parse("wos", "synthesisr__WoS_txt_example.txt")[0];
    expect(wos.authors).toHaveLength(10);
    expect(parse("wos", "synthesisr__zoorec.txt").filter((r) => !r.abstract)).toHaveLength(54);
    expect(parse("wos", "synthesisr__WoS_biosis.tsv.txt")[0]).toMatchObject({ pmid: "29782655", pages: "1484-1496", authors: expect.arrayContaining(["Tingley, Morgan W."]) });
    expect(parse("csv", "asreview__embase.csv")[0]).toMatchObject({ journal: "Endoscopic Ultrasound", year: 2014, volume: "3", issue: "3", pages: "152-160" });
    expect(parse("csv", "colrev__pubmed-chatbot.csv")[0]).toMatchObject({ pmid: "35227408", doi: "10.1016/j.beth.2021.09.007", authors: ["Lim SM", "Shiau CWC", "Cheng LJ", "Lau Y."] });
    expect(parse("csv", "litstudy__scopus.csv")[0]).toMatchObject({ title: "Scalable molecular dynamics with NAMD", year: 2005, pages: "1781-1802" });
  });

  it("the RIS and CSV copies of one Embase export give the same titles", () => {
    const ris = parse("ris", "asreview__embase.ris").map((r) => r.title);
    const csv = parse("csv", "asreview__embase.csv").map((r) => r.title);
    expect(csv).toEqual(ris);
  });
});
