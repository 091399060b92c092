import { describe, expect, it } from "vitest";
import { checkPrismaArithmetic, prismaCsv, type PrismaCounts } from "./prisma-model";
import { renderPrismaSvg } from "./prisma-svg";

const counts: PrismaCounts = {
  databases: [
    { name: "PubMed", n: 612 },
    { name: "Embase", n: 540 },
    { name: "Web of Science", n: 398 },
    { name: "CNKI", n: 150 },
  ],
  registers: [],
  duplicates: 520,
  automation: 0,
  otherRemoved: 3,
  screened: 1177,
  excludedScreening: 1101,
  sought: 76,
  notRetrieved: 2,
  assessed: 74,
  excluded: [
    { name: "ROI-only results", n: 20 },
    { name: "no coordinates", n: 21 },
    { name: "n < 10 per group", n: 9 },
  ],
  otherMethods: null,
  studiesIncluded: 22,
  reportsIncluded: 24,
};

describe("PRISMA 2020 diagram", () => {
  it("accepts counts whose arithmetic closes and names each broken equation", () => {
    expect(checkPrismaArithmetic(counts)).toEqual([]);
    expect(checkPrismaArithmetic({ ...counts, screened: 1170 })).toContain("records screened = identified − removed: 1170 ≠ 1177");
    expect(checkPrismaArithmetic({ ...counts, reportsIncluded: 30 })[0]).toContain("reports included");
  });

  it("includes the other-methods column in the arithmetic when present", () => {
    const withOther: PrismaCounts = {
      ...counts,
      otherMethods: { websites: 3, organisations: 0, citations: 5, other: 0, sought: 8, notRetrieved: 1, assessed: 7, excluded: [{ name: "no coordinates", n: 5 }] },
      reportsIncluded: 26,
    };
    expect(checkPrismaArithmetic(withOther)).toEqual([]);
    expect(renderPrismaSvg(withOther)).toContain("Identification of new studies via other methods");
  });

  it("renders every box with its count, per database and per reason", () => {
    const svg = renderPrismaSvg(counts);
    expect(svg.startsWith("<svg")).toBe(true);
    for (const text of [
      "Databases (n = 1,700)",
      "PubMed (n = 612)",
      "CNKI (n = 150)",
      "Duplicate records removed (n = 520)",
      "Records screened (n = 1,177)",
      "Records excluded** (n = 1,101)",
      "Reports sought for retrieval (n = 76)",
      "Reports not retrieved (n = 2)",
      "Reports assessed for eligibility (n = 74)",
      "no coordinates (n = 21)",
      "Studies included in review (n = 22)",
      "Reports of included studies (n = 24)",
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).not.toContain("via other methods");
  });

  it("escapes names so a database called <x> & y cannot break the SVG", () => {
    const svg = renderPrismaSvg({ ...counts, databases: [{ name: "<x> & y", n: 1700 }] });
    expect(svg).toContain("&lt;x&gt; &amp; y (n = 1,700)");
  });

  it("exports the PRISMA2020 app's CSV layout", () => {
    const csv = prismaCsv(counts);
    expect(csv.split("\n")[0]).toBe("data,node,box,description,boxtext,tooltips,url,n");
    expect(csv).toContain('database_specific_results,,,,,,,"PubMed, 612; Embase, 540; Web of Science, 398; CNKI, 150"');
    expect(csv).toContain("records_screened,,,,,,,1177");
    expect(csv).toContain('dbr_excluded,,,,,,,"ROI-only results, 20; no coordinates, 21; n < 10 per group, 9"');
  });
});
