import { describe, expect, it } from "vitest";
import { parseCitations } from "./parse";
import { fixture } from "./test-helpers";

describe("parseCitations on hand-written fixtures", () => {
  it("reads CNKI-style RIS: ';'-joined Chinese authors and keywords, translated title, multi-line abstract", () => {
    const r = parseCitations(fixture("cnki.ris"), { fileName: "cnki.ris" });
    expect(r.format).toBe("ris");
    expect(r.records).toHaveLength(2);
    const [cn, en] = r.records;
    expect(cn.authors).toEqual(["张伟", "李娜", "王芳"]);
    expect(cn.keywords).toEqual(["针刺", "脑卒中", "认知障碍"]);
    expect(cn.otherTitles).toEqual(["Acupuncture for post-stroke cognitive impairment: a randomised controlled trial"]);
    expect(cn.abstract).toBe("目的：观察针刺治疗脑卒中后认知障碍的疗效。\n方法：将 60 例患者随机分为两组。");
    expect(cn.pages).toBe("345-350");
    expect(cn.journal).toBe("中国针灸");
    expect(en.doi).toBe("10.1016/j.neuroimage.2020.116543");
    expect(en.pmid).toBe("31945510");
    expect(en.year).toBe(2020);
    expect(en.raw.ZZ).toEqual(["a tag Concord has no column for"]);
    expect(r.fieldsFound.TY).toBe(2);
    expect(r.fieldsFound.ZZ).toBe(1);
  });

  it("reads MEDLINE with wrapped lines, FAU names and the DOI from LID", () => {
    const r = parseCitations(fixture("pubmed.nbib"), { fileName: "pubmed.nbib" });
    expect(r.format).toBe("medline");
    expect(r.records).toHaveLength(2);
    const m = r.records[0];
    expect(m.title).toBe("The effect of mindfulness on the default mode network: a meta-analysis of resting-state fMRI studies.");
    expect(m.authors).toEqual(["Müller, Jürgen", "O'Brien, Siobhán"]);
    expect(m.pmid).toBe("31945510");
    expect(m.doi).toBe("10.1016/j.neuroimage.2020.116543");
    expect(m.type).toBe("review");
    expect(m.keywords).toContain("mindfulness");
    expect(r.records[1].year).toBe(2018);
  });

  it("reads BibTeX: @string macros, LaTeX accents, keys and field names with spaces", () => {
    const r = parseCitations(fixture("accents.bib"), { fileName: "accents.bib" });
    expect(r.format).toBe("bibtex");
    expect(r.records).toHaveLength(2);
    const [a, b] = r.records;
    expect(a.authors).toEqual(["Müller, Jürgen", "O'Brien, Siobhán"]);
    expect(a.title).toBe("The effect of mindfulness on the default mode network");
    expect(a.journal).toBe("NeuroImage");
    expect(a.pages).toBe("116543-116550");
    expect(a.raw["funding_text 1"]).toEqual(["Grant #42 and 50% match"]);
    expect(a.keywords).toEqual(["mindfulness", "fMRI"]);
    expect(b.sourceRecordId).toBe("Zhang 2019 key");
    expect(b.title).toBe("Seed-based fMRI connectivity in Çukurova");
    expect(b.type).toBe("conference");
  });

  it("reads Web of Science plain text with continuation lines", () => {
    const r = parseCitations(fixture("wos.txt"), { fileName: "wos.txt" });
    expect(r.format).toBe("wos");
    const w = r.records[0];
    expect(w.authors).toEqual(["Muller, Jurgen", "O'Brien, Siobhan"]);
    expect(w.title).toBe("The effect of mindfulness on the default mode network: a meta-analysis of resting-state fMRI studies");
    expect(w.pages).toBe("116543-116550");
    expect(w.sourceRecordId).toBe("WOS:000512345600001");
    expect(w.keywords).toEqual(["mindfulness", "fMRI", "default mode network"]);
  });

  it("reads EndNote XML with <style> runs and keeps unmapped elements", () => {
    const r = parseCitations(fixture("endnote.xml"), { fileName: "endnote.xml" });
    expect(r.format).toBe("endnote-xml");
    expect(r.records).toHaveLength(2);
    expect(r.records[0].title).toBe("The effect of mindfulness on the default mode network");
    expect(r.records[0].authors).toEqual(["Müller, Jürgen", "O'Brien, Siobhán"]);
    expect(r.records[0].raw.custom7).toEqual(["an unmapped field"]);
    expect(r.records[1].type).toBe("thesis");
    expect(r.records[1].title).toBe("脑卒中后认知障碍");
  });

  it("reads a Scopus CSV through its preset, including a quoted multi-line cell", () => {
    const r = parseCitations(fixture("scopus.csv"), { fileName: "scopus.csv" });
    expect(r.format).toBe("csv");
    expect(r.csvMapping?.journal).toEqual(["Source title"]);
    expect(r.records).toHaveLength(2);
    expect(r.records[0].authors).toEqual(["Müller J.", "O'Brien S."]);
    expect(r.records[0].abstract).toBe("Line one,\r\nline two");
    expect(r.records[1].authors).toEqual(["张伟", "李娜"]);
    expect(r.records[1].sourceRecordId).toBe("2-s2.0-2");
  });

  it("applies a caller's CSV mapping", () => {
    const csv = "Paper,Who,When\nA study of things,Doe J.; Roe K.,2001\n";
    const r = parseCitations(new TextEncoder().encode(csv), { fileName: "x.csv", csvMapping: { title: ["Paper"], authors: ["Who"], year: ["When"] } });
    expect(r.records[0]).toMatchObject({ title: "A study of things", authors: ["Doe J.", "Roe K."], year: 2001 });
  });
});
