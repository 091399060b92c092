import { describe, expect, it } from "vitest";
import { defaultTokenizeOptions, englishStopWords, tokenize } from "./tokenize";

describe("tokenize", () => {
  it("lower-cases, drops stop words, numbers and one-letter tokens, splits on punctuation", () => {
    expect(tokenize("The ReHo of 24 patients (fMRI-based) was increased in a cohort, p < 0.05."))
      .toEqual(["reho", "patients", "fmri", "based", "increased", "cohort"]);
  });

  it("normalises with NFKC: full-width letters and ligatures become plain letters", () => {
    expect(tokenize("ＡＬＦＦ ﬁndings")).toEqual(["alff", "findings"]);
  });

  it("keeps accented and non-Latin words whole", () => {
    expect(tokenize("Naïve Ärzte café Боль головы")).toEqual(["naïve", "ärzte", "café", "боль", "головы"]);
  });

  it("splits CJK runs into overlapping character bigrams, next to Latin words", () => {
    expect(tokenize("慢性腰痛 fMRI 研究")).toEqual(["慢性", "性腰", "腰痛", "fmri", "研究"]);
    expect(tokenize("痛")).toEqual(["痛"]);
    expect(tokenize("静息态fMRI")).toEqual(["静息", "息态", "fmri"]);
  });

  it("stems plain Latin words only when asked", () => {
    expect(tokenize("studies connectivity", { ...defaultTokenizeOptions, stem: true })).toEqual(["studi", "connect"]);
    expect(tokenize("studies connectivity")).toEqual(["studies", "connectivity"]);
  });

  it("keeps numbers when asked, and uses the caller's stop words", () => {
    const opts = { ...defaultTokenizeOptions, dropNumbers: false, stopWords: new Set(["pain"]) };
    expect(tokenize("the pain at 12 weeks", opts)).toEqual(["the", "at", "12", "weeks"]);
  });

  it("gives the same tokens on the ASCII fast path as on the Unicode path", () => {
    const text = "Resting-state fMRI (ReHo/ALFF) in 2 groups; n=24, p<0.05 — x_y a1b2 THE Study's";
    // A trailing "§" is not a word character but forces the Unicode path.
    expect(tokenize(text)).toEqual(tokenize(`${text} §`));
    expect(tokenize(text)).toEqual(["resting", "state", "fmri", "reho", "alff", "groups", "a1b2", "study"]);
  });

  it("ships an English stop-word list with the usual function words", () => {
    for (const w of ["the", "and", "of", "with", "were"]) expect(englishStopWords.has(w)).toBe(true);
    expect(englishStopWords.has("pain")).toBe(false);
  });
});
