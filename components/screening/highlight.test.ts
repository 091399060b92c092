import { describe, expect, it } from "vitest";
import { highlightRuns } from "./highlight";

describe("highlightRuns", () => {
  it("marks include and exclude terms at word starts, case-insensitively", () => {
    const runs = highlightRuns("Regional homogeneity in rats and in Chronic Low Back Pain", ["chronic low back pain", "ReHo", "regional homogeneity"], ["rat"]);
    expect(runs.filter((r) => r.kind)).toEqual([
      { text: "Regional homogeneity", kind: "include" },
      { text: "Chronic Low Back Pain", kind: "include" },
    ]);
    // "rat" must not match inside "rats" without a wildcard
    expect(runs.map((r) => r.text).join("")).toBe("Regional homogeneity in rats and in Chronic Low Back Pain");
  });

  it("supports a trailing wildcard and never matches mid-word", () => {
    const runs = highlightRuns("Painful stimuli in separate rodents; pain", ["pain*"], ["rodent*", "rat"]);
    expect(runs.filter((r) => r.kind).map((r) => [r.text, r.kind])).toEqual([["Painful", "include"], ["rodents", "exclude"], ["pain", "include"]]);
  });

  it("returns the text untouched without terms", () => {
    expect(highlightRuns("abc", [], [" "])).toEqual([{ text: "abc", kind: null }]);
  });
});
