import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { labelAtMm, loadDefaultAtlas } from "@/server/engine/cbma/atlas";
import { createRng } from "@/server/engine/cbma/rng";
import { parseLabelTsv } from "./atlas-labels";
import { invertAffine, labelAt, parseLabelNifti } from "./label-volume";

const atlasFile = (name: string) => path.join(process.cwd(), "data", "atlas", name);

describe("viewer label look-up", () => {
  it("inverts an affine", () => {
    const a = [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72]];
    const inv = invertAffine(a);
    const mm = [10, -20, 30];
    const v = inv.map((r) => r[0] * mm[0] + r[1] * mm[1] + r[2] * mm[2] + r[3]);
    expect(a.map((r) => r[0] * v[0] + r[1] * v[1] + r[2] * v[2] + r[3])).toEqual(mm);
    expect(() => invertAffine([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])).toThrow(/singular/);
  });

  it("agrees with the engine's atlas on the shipped AAL image at 2,000 random points in the brain box", () => {
    const names = parseLabelTsv(readFileSync(atlasFile("aal_labels.tsv"), "utf8"));
    const vol = parseLabelNifti(new Uint8Array(gunzipSync(readFileSync(atlasFile("aal_2mm.nii.gz")))), names);
    expect(vol.dims).toEqual([91, 109, 91]);
    const engine = loadDefaultAtlas();
    const rng = createRng(3);
    let labelled = 0;
    for (let t = 0; t < 2000; t++) {
      const mm: [number, number, number] = [Math.round(-80 + 160 * rng.nextFloat()), Math.round(-110 + 180 * rng.nextFloat()), Math.round(-60 + 140 * rng.nextFloat())];
      const expected = labelAtMm(engine, mm, { searchRadiusMm: 0 })?.name ?? null;
      expect(labelAt(vol, mm), `at ${mm}`).toBe(expected);
      if (expected) labelled++;
    }
    expect(labelled).toBeGreaterThan(200);
    expect(labelAt(vol, [500, 0, 0])).toBeNull();
  });
});
