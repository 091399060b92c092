import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "@/tests/shared-data";
import { tal2icbm } from "../coordinates";
import { CoordinateInputError } from "../types";
import { formatSleuth, parseSleuth } from "./sleuth";

const MIXED = [
  "\uFEFF// Reference = MNI",
  "// Smith et al., 2010: Task > Rest",
  "// Subjects=24\t",
  "-42\t22\t-4",
  "38  -60  52",
  " \t ",
  "// Jones et al., 2012; Patients > Controls",
  "// DOI=10.1000/xyz",
  "// Subjects = 31",
  "10,20,30",
  "",
  "// Reference=Talairach",
  "// Brown\u00a0et al., 2015",
  "// Subjects=12",
  "1.5\t-2.25\t3",
  "",
].join("\r\n");

describe("Sleuth reader", () => {
  const { dataset, warnings } = parseSleuth(MIXED, "mixed.txt");

  it("reads experiments, labels, sample sizes and both spaces", () => {
    expect(warnings).toEqual([]);
    expect(dataset.experiments.map((e) => e.id)).toEqual(["Smith et al., 2010-Task > Rest", "Jones et al., 2012-Patients > Controls", "Brown et al., 2015-analysis_1"]);
    expect(dataset.experiments.map((e) => e.sampleSize)).toEqual([24, 31, 12]);
    expect(dataset.experiments[0].foci.map((f) => f.mniMm)).toEqual([[-42, 22, -4], [38, -60, 52]]);
    expect(dataset.experiments[1].foci[0].mniMm).toEqual([10, 20, 30]);
  });

  it("converts Talairach foci to MNI and keeps the original coordinates", () => {
    const tal = dataset.experiments[2];
    expect(tal.space).toBe("TAL");
    expect(tal.transform).toBe("tal2icbm_other");
    expect(tal.foci[0].originalMm).toEqual([1.5, -2.25, 3]);
    expect(tal.foci[0].mniMm).toEqual(tal2icbm([1.5, -2.25, 3], "other"));
  });

  it("names the line of malformed content", () => {
    const bad = (text: string) => () => parseSleuth(text, "bad.txt");
    expect(bad("// Reference=MNI\n// A: b\n// Subjects=5\n1 2 dog\n")).toThrow(/bad\.txt:4: coordinate z is not a number/);
    expect(bad("// Reference=MNI\n// A: b\n// Subjects=5\n1 2\n")).toThrow(/bad\.txt:4: expected 3 coordinates/);
    expect(bad("// Reference=Dog\n// A: b\n// Subjects=5\n1 2 3\n")).toThrow(/bad\.txt:1: unknown reference space "Dog"/);
    expect(bad("// Reference=MNI\n// A: b\n1 2 3\n")).toThrow(/bad\.txt:2: experiment "A: b" has no "\/\/ Subjects=N"/);
    expect(bad("// Reference=MNI\n// A: b\n// Subjects=x\n1 2 3\n")).toThrow(/bad\.txt:3: invalid number of subjects/);
    expect(bad("1 2 3\n")).toThrow(/bad\.txt:1: coordinates without an experiment header/);
    expect(bad("// A: b\n// Subjects=3\n1 2 3\n")).toThrow(/bad\.txt:1: missing '\/\/ Reference=MNI'/);
    try {
      bad("// Reference=MNI\n// A: b\n// Subjects=5\n1 2\n")();
    } catch (err) {
      expect(err).toBeInstanceOf(CoordinateInputError);
      expect((err as CoordinateInputError).line).toBe(4);
    }
  });

  it("warns about experiments without foci and renames duplicate labels", () => {
    const r = parseSleuth("// Reference=MNI\n// A: b\n// Subjects=5\n\n// A: b\n// Subjects=5\n1 2 3\n\n// A: b\n// Subjects=6\n4 5 6\n", "dup.txt");
    expect(r.dataset.experiments.map((e) => e.id)).toEqual(["A-b", "A-b (2)"]);
    expect(r.warnings).toHaveLength(2);
  });

  it("writes Sleuth text that reads back to the same dataset (MNI and Talairach)", () => {
    const back = parseSleuth(formatSleuth(dataset), "roundtrip.txt").dataset;
    expect(back.experiments.map((e) => e.foci.map((f) => f.mniMm.map((v) => Number(v.toFixed(3)))))).toEqual(
      dataset.experiments.map((e) => e.foci.map((f) => f.mniMm.map((v) => Number(v.toFixed(3))))),
    );
    const tal = parseSleuth(formatSleuth(dataset, { space: "TAL", decimals: 6 }), "tal.txt").dataset;
    tal.experiments[0].foci[0].mniMm.forEach((v, a) => expect(v).toBeCloseTo(dataset.experiments[0].foci[0].mniMm[a], 4));
  });
});

describeShared("Sleuth reader on real files", () => {
  const dir = sharedPath("data/coordinates");
  it("reads the 272-experiment Jackson file with whitespace-only separators", () => {
    const r = parseSleuth(readFileSync(`${dir}/enge2021__adults_jackson2021.txt`, "utf8"), "jackson");
    expect(r.dataset.experiments).toHaveLength(272);
    expect(r.dataset.experiments.reduce((a, e) => a + e.foci.length, 0)).toBe(3606);
  });
  it("reads NiMARE's fixtures and rejects its malformed ones by line", () => {
    expect(parseSleuth(readFileSync(`${dir}/nimare__test_sleuth_file.txt`, "utf8"), "f1").dataset.experiments).toHaveLength(3);
    expect(parseSleuth(readFileSync(`${dir}/nimare__Enge2021_objects_talairach.txt`, "utf8"), "f").dataset.experiments.every((e) => e.space === "TAL")).toBe(true);
    expect(() => parseSleuth(readFileSync(`${dir}/nimare__test_sleuth_file3.txt`, "utf8"), "f3")).toThrow(/f3:5/);
    expect(() => parseSleuth(readFileSync(`${dir}/nimare__test_sleuth_file4.txt`, "utf8"), "f4")).toThrow(/f4:5/);
    expect(() => parseSleuth(readFileSync(`${dir}/nimare__test_sleuth_file5.txt`, "utf8"), "f5")).toThrow(/f5:1/);
  });
});
