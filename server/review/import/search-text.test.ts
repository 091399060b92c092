import { describe, expect, it } from "vitest";
import { searchConditions, searchTerms, searchWords, searchWordsOfFields } from "./search-text";

// Field lists that exercise each branch: plain ASCII, accents, Greek, entities, markup spanning
// fields, CJK, line breaks inside a field, empty fields.
const CASES: string[][] = [
  ["Resting-state fMRI in chronic pain", "Zhang, Wei", "Müller, Anna", "We measured regional homogeneity (ReHo) in 40 patients."],
  ["α-Synuclein &amp; R&D in ΟΔΟΣ", "García-Márquez, José", "Line one\r\nline two"],
  ["慢性腰痛患者静息态脑功能磁共振成像研究", "Resting-state functional MRI", "王, 伟", ""],
  ["a <b", "c> d", "<i>x</i> y"],
  ["", "", "A"],
  ["&#233;tude", "ﬁbre ½ Ｆｕｌｌ"],
];

describe("search words field by field", () => {
  it("gives exactly the words of the joined text", () => {
    for (const fields of CASES) expect(searchWordsOfFields(fields)).toEqual(searchWords(fields.join(" \n ")));
  });

  it("folds case and accents, spaces CJK characters apart and keeps markup stripping across fields", () => {
    expect(searchWordsOfFields(CASES[1]).slice(0, 6)).toEqual(["alpha", "synuclein", "and", "r", "and", "d"]);
    expect(searchWordsOfFields(["Müller", "慢性"])).toEqual(["muller", "慢", "性"]);
    // "<b \n c>" reads as one tag in the joined text, as it always did
    expect(searchWordsOfFields(CASES[3])).toEqual(["a", "d", "x", "y"]);
  });

  it("indexes adjacent CJK characters as pairs, so a run of characters matches as a phrase", () => {
    expect(searchTerms(searchWordsOfFields(["Pain 腰痛病", "Li"]))).toEqual(["pain", "腰", "痛", "腰痛", "病", "痛病", "li"]);
    expect(searchConditions("腰痛病 homog")).toEqual([{ term: "腰痛" }, { term: "痛病" }, { prefix: "homog" }]);
    expect(searchConditions("腰")).toEqual([{ term: "腰" }]);
    expect(searchConditions(" .,; ")).toBeNull();
  });
});
