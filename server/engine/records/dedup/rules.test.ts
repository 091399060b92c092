// Hand-made cases for the notice, page, volume and venue rules of the comparator.
import { describe, expect, it } from "vitest";
import { emptyRecord } from "../fields";
import type { CitationRecord } from "../types";
import { findDuplicates } from "./dedup";
import { recordFeatures } from "./features";
import { firstPage, lastPage, pageNumber } from "./normalise";
import { noticeKind, noticeSubject, stripTitleAnnotations } from "./notice";

const rec = (fields: Partial<CitationRecord>): CitationRecord => ({ ...emptyRecord(), ...fields });
const kind = (title: string, raw: Record<string, string[]> = {}) => noticeKind({ title, raw });
const decide = (a: CitationRecord, b: CitationRecord) => {
  const { groups } = findDuplicates([a, b]);
  return groups.length === 0 ? null : groups[0].confidence;
};
const article = {
  title: "Amygdala reactivity to fearful faces predicts response to cognitive behavioural therapy in adolescents",
  authors: ["Okafor, Chidi", "Jensen, Mette", "Rossi, Paolo"],
  year: 2018,
  journal: "Biological Psychiatry",
  volume: "83",
  issue: "9",
  pages: "1203-1211",
};

describe("notices (errata, retractions, replies)", () => {
  it("recognises them from the title", () => {
    expect(kind("Erratum: Amygdala reactivity to fearful faces")).toBe("erratum");
    expect(kind("Correction to: Amygdala reactivity to fearful faces")).toBe("erratum");
    expect(kind("Corrigendum to \"Amygdala reactivity\" [Biol Psychiatry 83 (2018) 1203]")).toBe("erratum");
    expect(kind("Amygdala reactivity to fearful faces (vol 83, pg 1203, 2018)")).toBe("erratum");
    expect(kind("Amygdala reactivity to fearful faces (Biological Psychiatry (2018) 83 (1203-1211))")).toBe("erratum");
    expect(kind("Retraction notice to: Amygdala reactivity to fearful faces")).toBe("retraction");
    expect(kind("RETRACTED: Amygdala reactivity to fearful faces")).toBe("retraction");
    expect(kind("Amygdala reactivity to fearful faces - Reply")).toBe("reply");
    expect(kind("Amygdala reactivity to fearful faces AUTHORS REPLY")).toBe("reply");
    expect(kind("Comment on: Amygdala reactivity to fearful faces")).toBe("reply");
    expect(kind("Amygdala reactivity to fearful faces.[Erratum for Biol Psychiatry. 2018;83(9):1203-11]")).toBe("erratum");
  });

  it("does not take ordinary titles, or annotations about other records, for notices", () => {
    expect(kind("Correction of hyponatraemia after subarachnoid haemorrhage")).toBe("");
    expect(kind("Retraction of the tongue during swallowing: an fMRI study")).toBe("");
    expect(kind("Amygdala reactivity to fearful faces.[Erratum appears in Biol Psychiatry. 2018;84(2):150]")).toBe("");
    expect(kind("Amygdala reactivity", { PT: ["Journal Article", "Retracted Publication"] })).toBe("");
  });

  it("recognises them from publication-type fields", () => {
    expect(kind("Amygdala reactivity", { PT: ["Published Erratum"] })).toBe("erratum");
    expect(kind("Amygdala reactivity", { DT: ["Correction"] })).toBe("erratum");
    expect(kind("Amygdala reactivity", { "Document Type": ["Retraction"] })).toBe("retraction");
  });

  it("strips annotations and labels so a notice and its article compare as the same title", () => {
    expect(stripTitleAnnotations("Amygdala reactivity.[Erratum appears in Biol Psychiatry. 2018;84(2):150]")).toBe("Amygdala reactivity");
    expect(stripTitleAnnotations("Amygdala reactivity.[Erratum appears in Biol Psychiatry. 2018 Jul")).toBe("Amygdala reactivity");
    expect(stripTitleAnnotations("Amygdala reactivity (vol 83, pg 1203, 2018)")).toBe("Amygdala reactivity");
    expect(noticeSubject("Erratum: Amygdala reactivity (Biological Psychiatry (Janua")).toBe("Amygdala reactivity");
  });

  it("sends an erratum to review, never to an automatic merge, even with the article's full citation", () => {
    const erratum = rec({ ...article, title: `Erratum: ${article.title}` });
    expect(decide(rec(article), erratum)).toBe("review");
    const wos = rec({ ...article, title: `${article.title} (vol 83, pg 1203, 2018)`, issue: "12", pages: "1050" });
    expect(decide(rec(article), wos)).toBe("review");
    const reply = rec({ ...article, title: `${article.title} - Reply`, authors: ["Smith, A"], pages: "1212" });
    expect(decide(rec(article), reply)).toBe("review");
  });

  it("still merges two copies of the same erratum", () => {
    const e = { ...article, title: `Erratum: ${article.title}`, issue: "12", pages: "1050" };
    expect(decide(rec(e), rec({ ...e, title: e.title.toUpperCase(), journal: "Biol Psychiatry" }))).toBe("auto");
  });
});

describe("pages, volumes and venues", () => {
  it("reads first and last pages", () => {
    expect(firstPage("221-8")).toBe("221");
    expect(lastPage("221-8")).toBe("228");
    expect(lastPage("755-60")).toBe("760");
    expect(lastPage("1875-1875")).toBe("");
    expect(lastPage("e8-e9")).toBe("e9");
    expect(firstPage("215 p")).toBe("");
    expect(pageNumber("c37")).toBe(pageNumber("37"));
  });

  it("takes the first number of a volume and ignores volumes without one or cut off mid-field", () => {
    const volume = (v: string) => recordFeatures(rec({ volume: v })).volume;
    expect(volume("35 Suppl 1")).toBe("35");
    expect(volume("58 (1)")).toBe("58");
    expect(volume("(Jul)")).toBe("");
    expect(volume("3)")).toBe("");
  });

  it("merges a one-page meeting abstract printed before the full article in the same journal volume", () => {
    const abstract = rec({ ...article, issue: "Suppl 1", pages: "S112" });
    expect(decide(rec({ ...article, pages: "1203-1211" }), rec({ ...abstract, pages: "112" }))).toBe("auto");
  });

  it("leaves a one-page record after the article (an erratum under the article's title) to review", () => {
    expect(decide(rec(article), rec({ ...article, issue: "12", pages: "1502" }))).toBe("review");
  });

  it("leaves two one-page abstracts on different pages to review, even with a shared supplement DOI", () => {
    // as in ASySD's set (records 493/494): one group's two abstracts on consecutive pages, one title, other co-authors
    const a = rec({ ...article, issue: "Suppl 3", pages: "51", doi: "10.1002/supplement.2604" });
    const b = rec({ ...article, title: `The ${article.title}`, authors: [article.authors[0], "Wang, J", "Yan, C", ...article.authors.slice(1)], issue: "Suppl 3", pages: "52", doi: "10.1002/supplement.2604" });
    expect(decide(a, b)).toBe("review");
  });

  it("merges ranges that differ only in a mistyped first page", () => {
    expect(decide(rec(article), rec({ ...article, pages: "1303-1211" }))).toBe("auto");
  });

  it("treats a section letter on the page as the same page, also for short titles a year apart", () => {
    const a = rec({ title: "Haemolytic uraemic syndrome", authors: ["Kavanagh, D"], year: 2011, journal: "Nephron", volume: "118", issue: "1", pages: "c37-c42" });
    const b = rec({ ...a, year: 2010, journal: "Nephron Clinical Practice", pages: "37-42" });
    expect(decide(a, b)).toBe("auto");
    expect(decide(a, rec({ ...b, pages: "52-60" }))).toBe("review");
  });

  it("matches a meeting named after its journal with the meeting alone", () => {
    const a = rec({ ...article, journal: "Biological Psychiatry.Conference: 73rd Annual Scientific Convention of the Society of Biological Psychiatry New York", pages: null, issue: null });
    const b = rec({ ...article, journal: "73rd Annual Scientific Convention of the Society of Biological Psychiatry New York", pages: null, issue: null });
    expect(decide(a, b)).toBe("auto");
  });

  it("merges the same page range in the same issue when a database adds a section heading to the title", () => {
    const a = rec({ title: "Can liver-kidney transplantation cure aHUS?", authors: ["Il Cheong, H."], year: 2009, journal: "Nature Reviews Nephrology", volume: "5", issue: "10", pages: "556-557" });
    const b = rec({ ...a, title: "Thrombotic microangiopathy: can liver-kidney transplantation cure aHUS?", authors: ["Cheong, H. I."] });
    expect(decide(a, b)).toBe("auto");
  });
});

describe("meeting abstracts and author teams", () => {
  const team = ["Davin, J. C.", "Groothoff, J. W.", "Bemelman, F. J.", "Bouts, A. H."];
  const abstract = {
    title: "Maintenance of renal function under eculizumab despite discontinuation of plasma exchange after a third transplantation",
    authors: team,
    year: 2011,
    journal: "Pediatric Transplantation.Conference: 6th Congress of the International Pediatric Transplant Association",
    volume: "15",
    pages: "22",
  };
  // the same abstract as another database lists it: plain journal name, a different page
  const relisted = { ...abstract, title: abstract.title.toUpperCase(), authors: ["Davin JC", "Groothoff JW", "Bemelman FJ", "Bouts AH"], journal: "Pediatric Transplantation", pages: "52-52" };

  it("merges one meeting abstract listed under two page numbers (same long title, same whole author list)", () => {
    expect(decide(rec(abstract), rec(relisted))).toBe("auto");
    // a supplement issue is as good a sign of a meeting volume as Embase's conference name
    const suppl = { ...abstract, journal: "Pediatric Transplantation", issue: "Suppl 1" };
    expect(decide(rec(suppl), rec({ ...relisted, issue: "Suppl 1" }))).toBe("auto");
  });

  it("merges it even when both copies carry the same abstract DOI", () => {
    const doi = "10.1093/ndt/gfw188.21";
    expect(decide(rec({ ...abstract, doi }), rec({ ...relisted, doi }))).toBe("auto");
  });

  it("keeps apart two abstracts of one group with the same title but other co-authors", () => {
    expect(decide(rec(abstract), rec({ ...relisted, authors: [...relisted.authors, "Smith A"] }))).toBe("review");
    expect(decide(rec(abstract), rec({ ...relisted, authors: ["Davin JC", "Groothoff JW", "Bemelman FJ", "Jansen K"] }))).toBe("review");
  });

  it("does not take a title that differs in one word, a short title or another supplement issue for the same abstract", () => {
    expect(decide(rec(abstract), rec({ ...relisted, title: `${abstract.title} in a child` }))).toBe("review");
    expect(decide(rec({ ...abstract, title: "Eculizumab after transplantation" }), rec({ ...relisted, title: "Eculizumab after transplantation" }))).toBe("review");
    expect(decide(rec({ ...abstract, issue: "Suppl 1" }), rec({ ...relisted, issue: "Suppl 2" }))).toBe("review");
  });

  it("does not merge a one-page letter with a later one-page record of the same title and authors outside a meeting volume (an unlabelled erratum)", () => {
    const letter = { ...abstract, journal: "Pediatric Transplantation", issue: "3" };
    expect(decide(rec(letter), rec({ ...relisted, issue: null }))).toBe("review");
    expect(decide(rec(letter), rec({ ...relisted, issue: "7" }))).toBe("review");
  });

  const letter = {
    title: "Eculizumab in severe Shiga-toxin-associated HUS",
    authors: ["Lapeyraque, A. L.", "Malina, M.", "Fremeaux-Bacchi, V.", "Boppel, T.", "Kirschfink, M.", "Oualha, M."],
    year: 2011,
    journal: "New England Journal of Medicine",
    volume: "364",
    issue: "26",
    pages: "2561-2563",
  };
  // the online-first record: another title, the first five authors, no volume or pages
  const online = { title: "Complement blockade in severe Shiga-toxin-associated HUS", authors: ["Lapeyraque AL", "Malina M", "Fremeaux-Bacchi V", "Boppel T", "Kirschfink M"], year: 2011, journal: "New Engl J Med" };

  it("queues the same author team's record in the same journal and year under another title for review", () => {
    expect(decide(rec(letter), rec(online))).toBe("review");
  });

  it("does not pair records of one team with conflicting pages, fewer shared leading authors or another journal", () => {
    expect(decide(rec(letter), rec({ ...online, volume: "364", pages: "2310-2312" }))).toBe(null);
    expect(decide(rec(letter), rec({ ...online, authors: ["Lapeyraque AL", "Malina M", "Niaudet P"] }))).toBe(null);
    expect(decide(rec(letter), rec({ ...online, journal: "Pediatric Nephrology" }))).toBe(null);
    expect(decide(rec(letter), rec({ ...online, year: 2012 }))).toBe(null);
  });
});
