import { describe, expect, it } from "vitest";
import { emptyRecord } from "../fields";
import type { CitationRecord } from "../types";
import { findDuplicates } from "./dedup";
import { normaliseTitle } from "./normalise";

const rec = (fields: Partial<CitationRecord>): CitationRecord => ({ ...emptyRecord(), ...fields });
const base = {
  title: "Default mode network connectivity in major depression: a meta-analysis",
  authors: ["Kaiser, Roselinde H.", "Andrews-Hanna, Jessica R."],
  year: 2015,
  journal: "JAMA Psychiatry",
  volume: "72",
  pages: "603-611",
};
const decide = (a: CitationRecord, b: CitationRecord) => {
  const { groups } = findDuplicates([a, b]);
  return groups.length === 0 ? null : groups[0].confidence;
};

describe("title normalisation", () => {
  it("ignores case, punctuation, accents, HTML entities and markup, a leading 'The', trailing periods and language tags", () => {
    const key = normaliseTitle("Effects of café culture on α-waves");
    expect(normaliseTitle("The EFFECTS of Cafe culture on alpha waves.")).toBe(key);
    expect(normaliseTitle("Effects of caf&eacute; <i>culture</i> on &alpha;-waves")).toBe(key);
    expect(normaliseTitle("Effects of café culture on α-waves. [Chinese]")).toBe(key);
    expect(normaliseTitle("[Effects of café culture on α-waves]")).toBe(key);
  });
});

describe("findDuplicates on hand-made pairs", () => {
  it("merges an exact DOI match automatically and reports the evidence", () => {
    const a = rec({ ...base, doi: "10.1001/jamapsychiatry.2015.0071" });
    const b = rec({ ...base, title: "Large-scale network dysfunction in major depressive disorder", doi: "https://doi.org/10.1001/JAMAPSYCHIATRY.2015.0071" });
    const { groups } = findDuplicates([a, b]);
    expect(groups[0].confidence).toBe("review");
    expect(groups[0].pairs[0].evidence.doi).toBe("same");
    const c = rec({ ...base, doi: "10.1001/jamapsychiatry.2015.0071", title: base.title.toUpperCase() });
    expect(decide(a, c)).toBe("auto");
  });

  it("merges a PMID match", () => {
    expect(decide(rec({ ...base, pmid: "25785575" }), rec({ ...base, title: `${base.title}.`, pmid: "25785575", journal: "JAMA psychiatry (Chicago, Ill.)" }))).toBe("auto");
  });

  it("merges fuzzy title + year + first author + journal abbreviation", () => {
    const b = rec({ ...base, title: "Default-mode network connectivity in major depression - a meta analysis.", journal: "JAMA Psychiatr", authors: ["Kaiser RH", "Andrews-Hanna JR"] });
    expect(decide(rec(base), b)).toBe("auto");
  });

  it("keeps the richest record as primary", () => {
    const poor = rec(base);
    const rich = rec({ ...base, abstract: "Importance: …", doi: "10.1001/x", keywords: ["fMRI"] });
    const { groups } = findDuplicates([poor, rich]);
    expect(groups[0].primary).toBe(1);
    expect(groups[0].members).toEqual([1, 0]);
  });

  it("sends a different year or different pages to review, not to an automatic merge", () => {
    expect(decide(rec(base), rec({ ...base, year: 2012 }))).toBe("review");
    expect(decide(rec(base), rec({ ...base, pages: "1201-1210" }))).toBe("review");
  });

  it("does not merge different papers that share a generic title", () => {
    const a = rec({ title: "Editorial", authors: ["Smith, A"], year: 2019, journal: "Brain" });
    const b = rec({ title: "Editorial", authors: ["Jones, B"], year: 2019, journal: "Cortex" });
    expect(decide(a, b)).not.toBe("auto");
  });

  it("does not pair unrelated records", () => {
    expect(decide(rec(base), rec({ title: "Hippocampal volume in schizophrenia", authors: ["Lee, K"], year: 2015, journal: "Brain" }))).toBe(null);
  });

  it("matches a Chinese record to its English version through the translated title", () => {
    const cn = rec({ title: "针刺治疗脑卒中后认知障碍", otherTitles: ["Acupuncture for post-stroke cognitive impairment"], authors: ["Zhang, Wei"], year: 2019, journal: "Zhongguo Zhen Jiu", volume: "39", pages: "345-350" });
    const en = rec({ title: "Acupuncture for post-stroke cognitive impairment. [Chinese]", authors: ["Zhang W"], year: 2019, journal: "Zhongguo zhen jiu [Chinese acupuncture & moxibustion]", volume: "39", pages: "345-50" });
    expect(decide(cn, en)).toBe("auto");
  });

  it("groups transitively and keeps review pairs between different groups", () => {
    const a = rec({ ...base, doi: "10.1/a" });
    const b = rec({ ...base, doi: "10.1/a", title: base.title.toLowerCase() });
    const c = rec({ ...base, year: 2012 });
    const { groups, stats } = findDuplicates([a, b, c]);
    expect(groups.filter((g) => g.confidence === "auto")).toHaveLength(1);
    expect(groups.find((g) => g.confidence === "review")?.members.sort()).toEqual([0, 1, 2]);
    expect(stats.duplicatesRemoved).toBe(1);
  });
});
