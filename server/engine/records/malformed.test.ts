import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { parseCitations } from "./parse";
import { fixture, utf8 } from "./test-helpers";
import { MAX_IMPORT_BYTES, type CitationFormat } from "./types";

function importError(bytes: Uint8Array, fileName: string, format?: CitationFormat): ImportError {
  try {
    parseCitations(bytes, { fileName, format });
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("expected an ImportError");
}

const cut = (name: string, keep: number) => {
  const b = fixture(name);
  return b.slice(0, Math.floor(b.length * keep));
};

describe("malformed input gives a specific ImportError", () => {
  it("refuses files over 200 MB before parsing, with the limit in the message", () => {
    const e = importError(new Uint8Array(MAX_IMPORT_BYTES + 1), "huge.ris");
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/200 MB import limit/);
    expect(e.message).toMatch(/^huge\.ris/);
  });

  it("refuses empty files, binary garbage and archives", () => {
    expect(importError(new Uint8Array(0), "e.ris").code).toBe("empty");
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(importError(garbage, "g.ris").code).toBe("binary");
    expect(importError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "export.zip").message).toMatch(/ZIP archive/);
  });

  it("refuses text that is no citation format", () => {
    const e = importError(utf8("Dear colleague,\nplease find attached.\n"), "letter.txt");
    expect(e.code).toBe("unknown-format");
    expect(e.expected).toMatch(/RIS records/);
  });

  it.each([
    ["cnki.ris", "ris", /no 'ER {2}-' end tag/],
    ["pubmed.nbib", "medline", /without the SO field/],
    ["accents.bib", "bibtex", /not closed before the end of the file/],
    ["wos.txt", "wos", /no ER end line/],
    ["endnote.xml", "endnote-xml", /invalid XML/],
  ] as const)("truncated %s (%s) names the record and line", (name, format, message) => {
    const keep = name === "pubmed.nbib" ? 0.5 : 0.6;
    const e = importError(cut(name, keep), name);
    expect(e.code).toBe("truncated");
    expect(e.format).toBe(format);
    expect(e.message).toMatch(message);
    expect(e.line).toBeGreaterThan(0);
  });

  it("truncated CSV (an unclosed quoted cell)", () => {
    const e = importError(utf8('Title,Authors\n"A study,Doe J.\n'), "t.csv");
    expect(e.code).toBe("truncated");
    expect(e.format).toBe("csv");
  });

  it("a continuation line starting with 'ER' does not end a RIS record", () => {
    const r = parseCitations(utf8("TY  - JOUR\nN2  - first,\nER then more\nER  - \n"), { fileName: "x.ris" });
    expect(r.records[0].abstract).toBe("first,\nER then more");
  });

  it.each([
    ["ris", "accents.bib"],
    ["medline", "cnki.ris"],
    ["bibtex", "pubmed.nbib"],
    ["wos", "cnki.ris"],
    ["endnote-xml", "cnki.ris"],
  ] as const)("format %s forced on %s is a wrong-format or malformed error", (format, name) => {
    const e = importError(fixture(name), name, format);
    expect(["wrong-format", "malformed", "truncated"]).toContain(e.code);
    expect(e.message).toContain(name);
  });

  it("a CSV mapping naming a missing column is refused with the columns available", () => {
    try {
      parseCitations(utf8("Title,Year\nA,2001\n"), { fileName: "m.csv", csvMapping: { title: ["Headline"] } });
      throw new Error("expected an ImportError");
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).field).toBe("title");
      expect((e as ImportError).expected).toMatch(/Title, Year/);
    }
  });
});
