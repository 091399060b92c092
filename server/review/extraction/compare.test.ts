import { describe, expect, it } from "vitest";
import { alignRows, sameValue } from "./compare";

type R = { x: number; y: number; z: number; region: string };
const r = (x: number, y: number, z: number, region = ""): R => ({ x, y, z, region });
const key = (f: R) => `${f.x},${f.y},${f.z}`;
const cols = ["x", "y", "z", "region"] as const;

describe("alignRows", () => {
  it("keeps later rows aligned when one reviewer missed a focus", () => {
    const a = [r(1, 2, 3), r(4, 5, 6), r(7, 8, 9)];
    const b = [r(1, 2, 3), r(7, 8, 9)];
    const pairs = alignRows(a, b, key, cols);
    expect(pairs.map((p) => [p.a && key(p.a), p.b && key(p.b), p.differing.length])).toEqual([["1,2,3", "1,2,3", 0], ["4,5,6", null, 4], ["7,8,9", "7,8,9", 0]]);
  });

  it("pairs unmatched rows in the same gap and names only the differing columns", () => {
    const pairs = alignRows([r(1, 2, 3), r(6, -60, 52, "precuneus")], [r(1, 2, 3), r(6, -60, 50, "precuneus")], key, cols);
    expect(pairs.map((p) => p.differing)).toEqual([[], ["z"]]);
  });

  it("flags region-only differences on matching coordinates", () => {
    expect(alignRows([r(1, 2, 3, "insula")], [r(1, 2, 3, "claustrum")], key, cols)[0].differing).toEqual(["region"]);
  });

  it("handles empty sides", () => {
    expect(alignRows([], [r(1, 2, 3)], key, cols)).toEqual([{ a: null, b: r(1, 2, 3), differing: [...cols] }]);
    expect(alignRows<R>([], [], key, cols)).toEqual([]);
  });
});

describe("sameValue", () => {
  it("ignores key order and compares arrays in order", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue("24", 24)).toBe(false);
  });
});
