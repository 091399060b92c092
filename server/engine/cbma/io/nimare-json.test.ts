import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "@/tests/shared-data";
import { parseConcordJson, formatConcordJson } from "./concord-json";
import { formatNimadsStudyset, formatNimareDatasetJson, parseNimareJson } from "./nimare-json";
import { parseCoordinateText } from "./read-input";

const LEGACY = JSON.stringify({
  s1: { contrasts: { "1": { coords: { space: "MNI", x: [1, 2], y: [3, 4], z: [5, 6] }, metadata: { sample_sizes: [10, 20] } } } },
  s2: { contrasts: { a: { coords: { space: "TAL", x: [0], y: [0], z: [0] }, metadata: { sample_sizes: [8] } }, empty: { coords: { space: "MNI", x: [], y: [], z: [] } } } },
});

describe("NiMARE JSON", () => {
  it("reads the legacy Dataset dict with NiMARE's mean sample size", () => {
    const ds = parseNimareJson(LEGACY, "legacy.json");
    expect(ds.experiments.map((e) => e.id)).toEqual(["s1-1", "s2-a"]);
    expect(ds.experiments[0].sampleSize).toBe(15);
    expect(ds.experiments[0].foci.map((f) => f.mniMm)).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(ds.experiments[1].foci[0].mniMm[2]).not.toBe(0); // converted from Talairach
  });

  it("round-trips through the legacy writer and the NIMADS writer", () => {
    const ds = parseNimareJson(LEGACY, "legacy.json");
    const again = parseNimareJson(formatNimareDatasetJson(ds), "again.json");
    expect(again.experiments.map((e) => e.foci.map((f) => f.mniMm))).toEqual(ds.experiments.map((e) => e.foci.map((f) => f.mniMm)));
    const nimads = parseNimareJson(formatNimadsStudyset(ds), "nimads.json");
    expect(nimads.experiments.map((e) => [e.sampleSize, e.foci.length])).toEqual([[15, 2], [8, 1]]);
  });

  it("names the line of a JSON syntax error and the path of a bad field", () => {
    expect(() => parseNimareJson('{\n "a": {\n  "contrasts": ,\n}}', "broken.json")).toThrow(/broken\.json:3/);
    expect(() => parseNimareJson('{"a": [1, 2,\n\n 3 4]}', "b2.json")).toThrow(/b2\.json:3/);
    expect(() => parseNimareJson('{"a": "unterminated\n', "b3.json")).toThrow(/b3\.json:/);
    const bad = JSON.stringify({ s: { contrasts: { c: { coords: { space: "MNI", x: [1], y: [2, 3], z: [4] } } } } });
    expect(() => parseNimareJson(bad, "bad.json")).toThrow(/bad\.json: .*s\/contrasts\/c/);
  });
});

describe("Concord coordinate JSON and format detection", () => {
  it("round-trips a dataset and detects each format from content", () => {
    const ds = parseNimareJson(LEGACY, "legacy.json");
    const text = formatConcordJson(ds);
    const back = parseConcordJson(text, "snap.json");
    expect(back.experiments).toEqual(ds.experiments);
    expect(parseCoordinateText(text, "snap.json").format).toBe("concord-json");
    expect(parseCoordinateText(LEGACY, "l.json").format).toBe("nimare-json");
    expect(parseCoordinateText("// Reference=MNI\n// a: b\n// Subjects=3\n1 2 3\n", "s.txt").format).toBe("sleuth");
  });

  it("accepts snake_case experiment lists and rejects duplicates by path", () => {
    const flat = JSON.stringify({ experiments: [{ id: "e1", study_id: "s", sample_size: 12, foci: [[2, 4, 6]] }] });
    expect(parseConcordJson(flat, "flat.json").experiments[0]).toMatchObject({ studyLabel: "s", sampleSize: 12 });
    const dup = JSON.stringify({ experiments: [{ id: "e", foci: [] }, { id: "e", foci: [] }] });
    expect(() => parseConcordJson(dup, "dup.json")).toThrow(/dup\.json: duplicate experiment id "e" at experiments\[1\]/);
  });
});

describeShared("NiMARE's nidm pain JSON", () => {
  it("reads 21 experiments / 267 foci", () => {
    const ds = parseNimareJson(readFileSync(sharedPath("data/coordinates/nimare__nidm_pain_dset.json"), "utf8"), "pain.json");
    expect(ds.experiments).toHaveLength(21);
    expect(ds.experiments.reduce((a, e) => a + e.foci.length, 0)).toBe(267);
  });
});
