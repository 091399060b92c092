import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect";
import { ImportError } from "./errors";
import { writeRis } from "./export";
import { parseCitations } from "./parse";
import { fixture, utf8 } from "./test-helpers";

const truncated = ["%0 Journal Article", "%A 王伟", "%T 完整记录一", "%D 2019", "%W CNKI", "", "%0 Journal Article", "%A 李娜", "%T 完整记录二", "%D 2020", "%W CNKI", "", "%0 Journal Article", "%A 张强", "%T 被截断的记录", "%D 20"].join("\n");

describe("EndNote refer / CNKI '%' export", () => {
  it("is detected from its tag lines, not from BibTeX comments or RIS", () => {
    expect(detectFormat(new TextDecoder().decode(fixture("cnki-refer.txt")))).toBe("refer");
    expect(detectFormat("% a BibTeX comment\n@article{k, title={T}}\n")).toBe("bibtex");
    expect(detectFormat("TY  - JOUR\nTI  - T\nER  - \n")).toBe("ris");
  });

  it("reads Chinese records: ';'/'；'/'，'-joined authors and keywords, translated title, wrapped abstract, thesis type", () => {
    const r = parseCitations(fixture("cnki-refer.txt"), { fileName: "cnki-refer.txt" });
    expect(r.format).toBe("refer");
    expect(r.records).toHaveLength(3);
    const [article, thesis, english] = r.records;
    expect(article.type).toBe("article");
    expect(article.authors).toEqual(["王伟", "李娜", "张强"]);
    expect(article.title).toBe("抑郁症患者默认模式网络功能连接的静息态功能磁共振研究");
    expect(article.otherTitles).toEqual(["Resting-state functional connectivity of the default mode network in major depressive disorder"]);
    expect(article.journal).toBe("中华精神科杂志");
    expect([article.year, article.volume, article.issue, article.pages]).toEqual([2019, "52", "3", "185-190"]);
    expect(article.keywords).toEqual(["抑郁症", "默认模式网络", "功能连接", "磁共振成像"]);
    expect(article.abstract).toBe("目的 探讨抑郁症患者默认模式网络的功能连接改变。 方法 纳入 40 例患者和 40 名健康对照。");
    expect(article.doi).toBe("10.3760/cma.j.issn.1006-7884.2019.03.004");
    expect(article.raw["@"]).toEqual(["1006-7884"]);
    expect(article.raw.W).toEqual(["CNKI"]);
    expect(thesis.type).toBe("thesis");
    expect(thesis.keywords).toEqual(["精神分裂症", "海马", "元分析"]);
    expect(thesis.year).toBe(2021);
    expect(english.authors).toEqual(["Kaiser, Roselinde H.", "Andrews-Hanna, Jessica R."]);
    expect(english.doi).toBe("10.1001/jamapsychiatry.2015.0071");
    expect(english.sourceRecordId).toBe("25785575");
    expect(english.language).toBe("English");
    expect(r.fieldsFound["0"]).toBe(3);
  });

  it("reads a GB18030-encoded CNKI export", () => {
    const bytes = iconv.encode(new TextDecoder().decode(fixture("cnki-refer.txt")).replace(/\n/g, "\r\n"), "gb18030");
    const r = parseCitations(bytes, { fileName: "cnki.txt" });
    expect(r.format).toBe("refer");
    expect(r.records[0].title).toBe("抑郁症患者默认模式网络功能连接的静息态功能磁共振研究");
  });

  it("refuses a file cut in the middle of a record, naming the record and the missing closing field", () => {
    let error: unknown;
    try {
      parseCitations(utf8(truncated), { fileName: "cut.txt" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe("truncated");
    expect((error as ImportError).record).toBe(3);
    expect((error as ImportError).message).toMatch(/%W/);
    expect(parseCitations(utf8(`${truncated}19\n%W CNKI\n`), { fileName: "whole.txt" }).records).toHaveLength(3);
  });

  it("gives a wrong-format error when forced on another format", () => {
    expect(() => parseCitations(utf8("TY  - JOUR\nTI  - T\nER  - \n"), { fileName: "x.ris", format: "refer" })).toThrow(/refer/);
  });

  it("exports its records to RIS and reads them back the same", () => {
    const records = parseCitations(fixture("cnki-refer.txt"), { fileName: "cnki-refer.txt" }).records;
    const back = parseCitations(utf8(writeRis(records)), { fileName: "back.ris" }).records;
    expect(back.map((r) => [r.title, r.authors, r.year, r.doi, r.keywords])).toEqual(records.map((r) => [r.title, r.authors, r.year, r.doi, r.keywords]));
  });
});
