import { describe, expect, it } from "vitest";
import { labelAtMm, labelAtVoxel, loadDefaultAtlas, parseLabelTable } from "./atlas";

describe("AAL label lookup", () => {
  const atlas = loadDefaultAtlas();
  it("has the 116 AAL names", () => {
    expect(atlas.names.size).toBe(116);
    expect(atlas.names.get(1)).toBe("Precentral_L");
  });

  it("labels well-known MNI coordinates", () => {
    expect(labelAtMm(atlas, [38, 4, 2])?.name).toBe("Insula_R");
    expect(labelAtMm(atlas, [-38, 4, 2])?.name).toBe("Insula_L");
    expect(labelAtMm(atlas, [-40, -20, 56])?.name).toMatch(/Precentral_L|Postcentral_L/);
    expect(labelAtMm(atlas, [12, -90, 4])?.name).toMatch(/Calcarine_R|Lingual_R|Cuneus_R/);
  });

  it("returns null far outside the brain and searches nearby when just outside a label", () => {
    expect(labelAtMm(atlas, [0, 0, 100])).toBeNull();
    expect(labelAtVoxel(atlas, [-1, 0, 0])).toBeNull();
    const near = labelAtMm(atlas, [0, 0, 100], { searchRadiusMm: 40 });
    expect(near?.distanceMm).toBeGreaterThan(0);
  });

  it("parses label tables and names the bad line", () => {
    expect(parseLabelTable("# c\n1\tA\n2\tB\n", "t.tsv").get(2)).toBe("B");
    expect(() => parseLabelTable("1\tA\nx y\n", "t.tsv")).toThrow(/t\.tsv:2/);
  });
});
