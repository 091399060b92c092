import { describe, expect, it } from "vitest";
import { parseThreshold } from "./sdm-input";

describe("reported thresholds for SDM", () => {
  it("reads p and t/z thresholds from the form's free text", () => {
    expect(parseThreshold("voxel p < 0.001, cluster FWE p < 0.05")).toEqual({ statistic: "p", value: 0.001, corrected: true });
    expect(parseThreshold("p<0.005 uncorrected")).toEqual({ statistic: "p", value: 0.005, corrected: false });
    expect(parseThreshold("T > 3.17")).toEqual({ statistic: "t", value: 3.17 });
    expect(parseThreshold("z ≥ 2.3")).toEqual({ statistic: "z", value: 2.3 });
  });
  it("gives null for wording it cannot read (the engine then uses the lowest peak)", () => {
    expect(parseThreshold("AlphaSim corrected")).toBeNull();
    expect(parseThreshold(undefined)).toBeNull();
  });
});
