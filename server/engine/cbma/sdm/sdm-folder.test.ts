// Reads the hand-made SDM-PSI folder tests/fixtures/sdm/five-studies; conversions checked against
// NumPy (np.linalg.solve with Brett's matrices; inverse of Lancaster's "other" matrix).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CoordinateInputError } from "../types";
import { brettMni2Tal, brettTal2Mni, parseSdmPeaks, parseSdmTable, readSdmFolder } from "./sdm-folder";
import { formatSdmFolder, writeSdmFolder } from "./sdm-folder-writer";
import { formatSdmJson, parseSdmJson } from "./sdm-json";

const fixture = path.resolve(import.meta.dirname, "../../../../tests/fixtures/sdm/five-studies");
const tmp = mkdtempSync(path.join(tmpdir(), "sdm-folder-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("readSdmFolder", () => {
  const ds = readSdmFolder(fixture);
  const byId = Object.fromEntries(ds.experiments.map((e) => [e.id, e]));

  it("reads the table: sizes, thresholds, threshold type and moderators", () => {
    expect(ds.experiments.map((e) => e.id)).toEqual(["Smith2015", "Lee2017", "Wang2019", "Garcia2020", "Chen2021"]);
    expect(byId.Smith2015).toMatchObject({ nPatients: 24, nControls: 22, threshold: { statistic: "t", value: 3.5, corrected: false } });
    expect(byId.Wang2019.threshold?.corrected).toBe(true);
    expect(byId.Smith2015.attributes).toMatchObject({ age: 41.5, modality: "ReHo" });
    expect(byId.Chen2021.attributes?.age).toBeNull();
  });

  it("reads signed peaks, p/n peaks without values, and null studies", () => {
    expect(byId.Smith2015.foci.map((f) => [...f.mniMm, f.sign * (f.value ?? 0)])).toEqual([[30, -20, 50, 4.2], [-30, -22, 48, 3.9], [8, 44, -10, -3.8]]);
    expect(byId.Wang2019).toMatchObject({ nullStudy: true, foci: [] });
    expect(byId.Garcia2020.foci[0]).toMatchObject({ sign: 1, statistic: "none", value: null });
    expect(byId.Chen2021.foci[1]).toMatchObject({ sign: -1, statistic: "none", value: null });
  });

  it("converts Talairach (Lancaster other) and Brett-converted coordinates to MNI", () => {
    const g = byId.Garcia2020.foci[0];
    expect(g.originalMm).toEqual([32, -20, 46]);
    [35.73249220308332, -15.834526525519, 48.149003819591016].forEach((v, a) => expect(g.mniMm[a]).toBeCloseTo(v, 9));
    expect(byId.Garcia2020.transform).toBe("tal2icbm_other");
    const c = byId.Chen2021.foci[0];
    [26.262626262626263, -18.948048078991253, 51.23628215058105].forEach((v, a) => expect(c.mniMm[a]).toBeCloseTo(v, 9));
    expect(byId.Chen2021.attributes?.coordinate_transform).toBe("brett_tal2mni");
    [10.1010101010101, 22.138766870685302, -34.47707962666479].forEach((v, a) => expect(brettTal2Mni([10, 20, -30])[a]).toBeCloseTo(v, 9));
    const back = brettMni2Tal(brettTal2Mni([26, -16, 48]));
    [26, -16, 48].forEach((v, a) => expect(back[a]).toBeCloseTo(v, 9));
  });
});

describe("input errors name the file, line and field", () => {
  it("table errors", () => {
    expect(() => parseSdmTable("study\tn2\nA\t10\n", "t.txt")).toThrow(/t\.txt:1: missing column "n1"/);
    expect(() => parseSdmTable("study\tn1\nA\tten\n", "t.txt")).toThrow(/t\.txt:2: n1 must be a number/);
    expect(() => parseSdmTable("study\tn1\nA\t10\nA\t12\n", "t.txt")).toThrow(/t\.txt:3: study "A" appears twice/);
  });

  it("peak file errors", () => {
    expect(() => parseSdmPeaks("1,2,3,4\n1,2,3\n", "spm_mni", "a.spm_mni.txt")).toThrow(/a\.spm_mni\.txt:2: expected "x,y,z,t"/);
    expect(() => parseSdmPeaks("1,2,x,4\n", "spm_mni", "a.spm_mni.txt")).toThrow(/a\.spm_mni\.txt:1: z must be a number/);
    expect(() => parseSdmPeaks("1,2,3,q\n", "spm_mni", "a.spm_mni.txt")).toThrow(/t must be a non-zero number, "p" or "n"/);
    try {
      parseSdmPeaks("1,2,3,0\n", "spm_mni", "a.spm_mni.txt");
    } catch (e) {
      expect(e).toBeInstanceOf(CoordinateInputError);
      expect((e as CoordinateInputError).line).toBe(1);
    }
  });

  it("missing or duplicate peak files", () => {
    const dir = path.join(tmp, "broken");
    cpSync(fixture, dir, { recursive: true });
    rmSync(path.join(dir, "Lee2017.fsl_mni.txt"));
    expect(() => readSdmFolder(dir)).toThrow(/sdm_table\.txt:3: no peak file for study "Lee2017"/);
    writeFileSync(path.join(dir, "Lee2017.fsl_mni.txt"), "1,2,3,4\n");
    writeFileSync(path.join(dir, "Lee2017.spm_mni.txt"), "1,2,3,4\n");
    expect(() => readSdmFolder(dir)).toThrow(/several peak files for study "Lee2017"/);
  });
});

describe("writeSdmFolder / snapshot JSON", () => {
  it("round-trips through the SDM folder form (MNI within 1e-4 mm, t signs, null studies)", () => {
    const ds = readSdmFolder(fixture);
    const out = path.join(tmp, "export");
    const files = writeSdmFolder(out, ds);
    expect(files).toContain("Wang2019.no_peaks.txt");
    expect(files).toContain("Garcia2020.other_mni.txt");
    const back = readSdmFolder(out);
    expect(back.experiments.map((e) => e.id)).toEqual(ds.experiments.map((e) => e.id));
    back.experiments.forEach((e, i) => {
      const o = ds.experiments[i];
      expect([e.nPatients, e.nControls, e.nullStudy]).toEqual([o.nPatients, o.nControls, o.nullStudy]);
      expect(e.threshold?.value).toBeCloseTo(o.threshold!.value, 4);
      e.foci.forEach((f, j) => {
        f.mniMm.forEach((c, a) => expect(c).toBeCloseTo(o.foci[j].mniMm[a], 4));
        expect([f.sign, f.statistic]).toEqual([o.foci[j].sign, o.foci[j].statistic]);
      });
      expect(e.attributes?.age ?? null).toEqual(o.attributes?.age ?? null);
    });
  });

  it("converts z and p peaks to signed t with the study df on export", () => {
    const ds = parseSdmJson(JSON.stringify({ name: "j", experiments: [
      { id: "a b/c", nPatients: 20, nControls: 20, threshold: { statistic: "p", value: 0.001 }, foci: [{ mniMm: [0, 0, 0], sign: -1, statistic: "z", value: 3.5 }] },
      { id: "d", nPatients: 30, nControls: null, foci: [[1, 2, 3, 4.5], [4, 5, 6]] },
    ] }));
    const files = formatSdmFolder(ds);
    // z = 3.5, df = 38 → t = 3.8305528413220737; threshold p = 0.001 → t = 3.319029655110358 (SciPy).
    expect(files.get("a_b_c.other_mni.txt")).toBe("0,0,0,-3.8306\n");
    expect(files.get("d.other_mni.txt")).toBe("1,2,3,4.5\n4,5,6,p\n");
    expect(files.get("sdm_table.txt")).toBe("study\tn1\tn2\tt_thr\na_b_c\t20\t20\t3.319\nd\t30\t\t\n");
    const again = parseSdmJson(formatSdmJson(ds));
    expect(again.experiments).toEqual(ds.experiments);
  });

  it("reports JSON errors with the field", () => {
    expect(() => parseSdmJson('{"experiments":[{"id":"x","foci":[]}]}', "s.json")).toThrow(/s\.json: experiments\[0\]\.nPatients is required/);
    expect(() => parseSdmJson("{}", "s.json")).toThrow(/'experiments' array/);
  });
});

