// The effects CLI: its core writes each reference case's results to a file that diffs clean
// against metafor, and invalid input fails with a message naming the study and field.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { describeShared, hasShared, sharedPath } from "@/tests/shared-data";
import { compareWithReference } from "@/server/engine/effects/case/compare";
import { main, runEffectsFile } from "./effects";

const tmp = mkdtempSync(path.join(tmpdir(), "concord-effects-"));
const refDir = sharedPath("reference", "metafor");
const cases = hasShared ? readdirSync(refDir).filter((f) => f.endsWith(".json")).sort() : [];

describeShared("effects CLI on the metafor reference cases", () => {
  for (const file of cases) {
    it(`${file}: --out file diffs clean against the reference`, () => {
      const out = path.join(tmp, file);
      expect(main([path.join(refDir, file), "--out", out])).toBe(0);
      const written = JSON.parse(readFileSync(out, "utf8"));
      const ref = JSON.parse(readFileSync(path.join(refDir, file), "utf8"));
      expect(compareWithReference(written, ref).mismatches).toEqual([]);
    });
  }
});

describe("effects CLI errors", () => {
  const write = (name: string, studies: unknown[], measure = "MD") => {
    const file = path.join(tmp, name);
    writeFileSync(file, JSON.stringify({ input: { measure, studies } }));
    return file;
  };
  const ok = { id: "S1", n1: 12, mean1: 3, sd1: 1.5, n2: 11, mean2: 4, sd2: 1.6 };

  it("names the study and field of a negative SD", () => {
    const file = write("neg-sd.json", [ok, { ...ok, id: "S2", sd1: -1 }]);
    expect(() => runEffectsFile(file)).toThrow(/neg-sd\.json: study S2: field 'sd1' must not be negative/);
  });
  it("names a missing field", () => {
    const { mean2: _drop, ...missing } = { ...ok, id: "S3" };
    const file = write("missing.json", [ok, missing]);
    expect(() => runEffectsFile(file)).toThrow(/study S3: field 'mean2' is missing/);
  });
  it("names a zero total", () => {
    const file = write("zero-total.json", [{ id: "B1", events1: 0, total1: 0, events2: 2, total2: 20 }], "RR");
    expect(() => runEffectsFile(file)).toThrow(/study B1: field 'total1' must be > 0 \(zero total\)/);
  });
  it("returns exit code 1 and prints the message", () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const file = write("n1.json", [{ ...ok, n2: 1 }]);
    expect(main([file, "--out", path.join(tmp, "n1.out.json")])).toBe(1);
    expect(String(err.mock.calls[0][0])).toMatch(/study S1: field 'n2' must be at least 2/);
    err.mockRestore();
  });
  it("runs the own low-back-pain fixture", () => {
    const fixture = path.resolve(import.meta.dirname, "../tests/fixtures/effects/low-back-pain-acupuncture.json");
    const result = runEffectsFile(fixture) as { subgroups: { groups: { level: string }[] } };
    expect(result.subgroups.groups.map((g) => g.level)).toEqual(["Acute", "Chronic"]);
  });
});
