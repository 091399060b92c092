import { describe, expect, it } from "vitest";
import { icbm2tal, tal2icbm } from "@/server/engine/cbma/coordinates";
import { normalisePastedLine, parsePastedCoordinates } from "./paste-coordinates";

const xyz = (text: string, options = {}) => parsePastedCoordinates(text, options).rows.map((r) => r.original);

describe("parsePastedCoordinates: separators and characters", () => {
  it("reads tab-, space-, comma- and semicolon-separated rows alike", () => {
    const text = "-42\t22\t-4\n38 -60 52\n12, 8, -10\n4;-2;60";
    expect(xyz(text)).toEqual([[-42, 22, -4], [38, -60, 52], [12, 8, -10], [4, -2, 60]]);
  });

  it("turns Unicode minus, en dash, em dash and full-width hyphen into minus signs", () => {
    expect(normalisePastedLine("\u221242 \u201322 \u20144 \uFF0D8")).toBe("-42 -22 -4 -8");
    expect(xyz("\u221242\t22\t\u22124")).toEqual([[-42, 22, -4]]);
  });

  it("takes a parenthesised triple as the coordinate wherever it stands, and the next number as the statistic", () => {
    const [row] = parsePastedCoordinates("R precuneus 212 (6, \u221260, 52) 4.31").rows;
    expect(row.original).toEqual([6, -60, 52]);
    expect(row.value).toBe(4.31);
    expect(row.region).toBe("R precuneus");
    expect(row.messages.join(" ")).toMatch(/ignored other number\(s\) 212/);
  });

  it("keeps decimals, plus signs, exponents and strips footnote marks", () => {
    const [row] = parsePastedCoordinates("+10.5 -3.25 7 5.2e0*").rows;
    expect(row.original).toEqual([10.5, -3.25, 7]);
    expect(row.value).toBe(5.2);
  });

  it("handles CRLF, a BOM, non-breaking spaces and blank lines", () => {
    const result = parsePastedCoordinates("\uFEFF-42\u00a022\u00a0-4\r\n\r\n38 -60 52\r\n");
    expect(result.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(result.counts.ok).toBe(2);
  });

  it("skips header lines without numbers and reports them", () => {
    const result = parsePastedCoordinates("Region\tx\ty\tz\tT\nLeft insula\t-42\t22\t-4\t5.12");
    expect(result.skipped).toEqual([{ line: 1, raw: "Region\tx\ty\tz\tT", reason: "no numbers (header or note)" }]);
    expect(result.rows[0]).toMatchObject({ line: 2, region: "Left insula", original: [-42, 22, -4], value: 5.12, statistic: "t" });
  });
});

describe("parsePastedCoordinates: statistics and directions", () => {
  it("derives the direction from the sign of t or z", () => {
    const rows = parsePastedCoordinates("1 2 3 4.5\n1 2 3 -3.9", { statistic: "z" }).rows;
    expect(rows.map((r) => [r.statistic, r.direction])).toEqual([["z", "increase"], ["z", "decrease"]]);
  });

  it("recognises p-values written as 'p < 0.001' or '<0.001' and keeps the default direction", () => {
    const rows = parsePastedCoordinates("1 2 3 p < 0.001\n4 5 6 <0.05", { defaultDirection: "decrease" }).rows;
    expect(rows.map((r) => [r.statistic, r.value, r.direction])).toEqual([["p", 0.001, "decrease"], ["p", 0.05, "decrease"]]);
  });

  it("rejects a p outside (0, 1] and a zero t with a message", () => {
    const rows = parsePastedCoordinates("1 2 3 1.5\n4 5 6 0", {}).rows;
    const asP = parsePastedCoordinates("1 2 3 1.5", { statistic: "p" }).rows[0];
    expect(asP.status).toBe("rejected");
    expect(asP.messages.join()).toMatch(/not a probability/);
    expect(rows[1].status).toBe("rejected");
    expect(rows[1].messages.join()).toMatch(/t = 0/);
  });

  it("marks rows without a value as statistic 'none'", () => {
    expect(parsePastedCoordinates("1 2 3").rows[0]).toMatchObject({ statistic: "none", value: null });
  });
});

describe("parsePastedCoordinates: impossible, outside-mask and explicit columns", () => {
  it("rejects coordinates beyond ±100 mm, naming the axis", () => {
    const [row] = parsePastedCoordinates("-42 220 -4").rows;
    expect(row.status).toBe("rejected");
    expect(row.messages[0]).toMatch(/y = 220/);
    expect(row.mni).toBeNull();
  });

  it("rejects rows with fewer than three numbers", () => {
    const [row] = parsePastedCoordinates("Insula 42 -4").rows;
    expect(row.status).toBe("rejected");
    expect(row.messages[0]).toMatch(/found 2 number/);
  });

  it("flags coordinates outside the mask but keeps them", () => {
    const inMask = (p: [number, number, number]) => Math.hypot(p[0], p[1] + 20, p[2]) < 70;
    const result = parsePastedCoordinates("0 -20 0\n0 -20 90", { inMask });
    expect(result.rows.map((r) => r.status)).toEqual(["ok", "outside-mask"]);
    expect(result.counts).toEqual({ ok: 1, outsideMask: 1, rejected: 0, skipped: 0 });
  });

  it("uses explicit column roles (e.g. cluster size before x y z)", () => {
    const [row] = parsePastedCoordinates("Left insula 47 312 -42 22 -4 5.12", { columns: ["skip", "skip", "x", "y", "z", "value"] }).rows;
    expect(row.original).toEqual([-42, 22, -4]);
    expect(row.value).toBe(5.12);
  });
});

describe("parsePastedCoordinates: Talairach to MNI", () => {
  it("converts Talairach with tal2icbm, keeps the original and checks the mask in MNI", () => {
    const seen: number[][] = [];
    const [row] = parsePastedCoordinates("-40 20 -6 4.1", { space: "TAL", variant: "spm", inMask: (p) => (seen.push(p), true) }).rows;
    expect(row.original).toEqual([-40, 20, -6]);
    const expected = tal2icbm([-40, 20, -6], "spm");
    row.mni!.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 2));
    expect(row.mni).not.toEqual(row.original);
    // converting back lands on the reported Talairach point
    icbm2tal(row.mni!, "spm").forEach((v, i) => expect(v).toBeCloseTo(row.original![i], 1));
    expect(seen).toEqual([row.mni]);
  });

  it("leaves MNI coordinates unchanged", () => {
    const [row] = parsePastedCoordinates("-40 20 -6").rows;
    expect(row.mni).toEqual([-40, 20, -6]);
  });
});
