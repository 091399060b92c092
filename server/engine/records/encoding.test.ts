import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseCitations } from "./parse";
import { fixture } from "./test-helpers";

const text = new TextDecoder().decode(fixture("cnki.ris"));
const expectCnki = (bytes: Uint8Array, encoding: string) => {
  const r = parseCitations(bytes, { fileName: "cnki.ris" });
  expect(r.encoding).toBe(encoding);
  expect(r.records).toHaveLength(2);
  expect(r.records[0].title).toBe("针刺治疗脑卒中后认知障碍的随机对照试验");
  expect(r.records[1].authors[0]).toBe("Müller, Jürgen");
};

describe("encodings and line ends", () => {
  it("UTF-8 with and without BOM", () => {
    expectCnki(fixture("cnki.ris"), "utf-8");
    expectCnki(new Uint8Array([0xef, 0xbb, 0xbf, ...fixture("cnki.ris")]), "utf-8");
  });
  it("UTF-16 LE and BE with BOM, and LE without BOM", () => {
    expectCnki(iconv.encode(text, "utf-16le", { addBOM: true }), "utf-16le");
    expectCnki(iconv.encode(text, "utf-16be", { addBOM: true }), "utf-16be");
    expectCnki(iconv.encode(text, "utf-16le"), "utf-16le");
  });
  it("GB18030 (CNKI, Wanfang) is recognised when bytes are not UTF-8", () => {
    expectCnki(iconv.encode(text, "gb18030"), "gb18030");
  });
  it("Windows-1252 falls back for Western legacy files", () => {
    const latin = "TY  - JOUR\nTI  - Caf\u00e9 \u00a9 study\nAU  - M\u00fcller, J\u00fcrgen\nER  - \n";
    const r = parseCitations(iconv.encode(latin, "windows-1252"), { fileName: "old.ris" });
    expect(r.encoding).toBe("windows-1252");
    expect(r.records[0].title).toBe("Café © study");
  });
  it("CRLF, bare CR and mixed line ends give the same records", () => {
    const lf = parseCitations(fixture("cnki.ris"), { fileName: "a.ris" }).records;
    for (const eol of ["\r\n", "\r"]) {
      const r = parseCitations(new TextEncoder().encode(text.replace(/\n/g, eol)), { fileName: "a.ris" }).records;
      expect(r.map((x) => [x.title, x.authors, x.abstract])).toEqual(lf.map((x) => [x.title, x.authors, x.abstract]));
    }
  });
});
