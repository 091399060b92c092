import { describe, expect, it } from "vitest";
import { decodeBytes, openText } from "./decode";
import { iterateLines, iterateLinesOf } from "./lines";
import { parseCitations } from "./parse";

// a small deterministic generator, so a failure names its seed
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const lines = (it: Iterable<{ text: string; number: number }>) => [...it].map((l) => `${l.number}:${l.text}`);

describe("lines of text that arrives in pieces", () => {
  it("are the lines of the whole text, wherever the pieces split it (CRLF, bare CR, LF)", () => {
    const alphabet = ["a", "é", "字", "\r", "\n", "\r\n", " "];
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const text = Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      const pieces: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = Math.floor(next() * 5); // empty pieces too
        pieces.push(text.slice(at, at + size));
        at += size;
      }
      expect(lines(iterateLinesOf(pieces)), `seed ${seed}: ${JSON.stringify(pieces)}`).toEqual(lines(iterateLines(text)));
    }
  });

  it("a CRLF split between two pieces is one line end", () => {
    expect(lines(iterateLinesOf(["a\r", "\nb\r", "", "\n", "c"]))).toEqual(["1:a", "2:b", "3:c"]);
    expect(lines(iterateLinesOf(["a\r", "\r", "\nb"]))).toEqual(["1:a", "2:", "3:b"]);
  });
});

describe("a UTF-8 file read line by line", () => {
  // > 2 MB, so it is decoded in several pieces: multi-byte characters and CRLFs fall on the piece
  // boundaries (1 MB) of some of these shifts
  const record = (i: number) => `TY  - JOUR\r\nTI  - Étude ${i} 脑卒中后认知障碍 — hippocampus\r\nAU  - Müller, J\r\nER  - \r\n`;
  const body = Array.from({ length: 24_000 }, (_, i) => record(i)).join("");

  it("gives exactly the lines of the file decoded whole", () => {
    for (const shift of [0, 1, 2, 3, 5, 8]) {
      const bytes = new TextEncoder().encode("\ufeff" + "x".repeat(shift) + "\r\n" + body);
      expect(bytes.length).toBeGreaterThan(2 * 1048576);
      const source = openText(bytes, "big.ris");
      expect(source.encoding).toBe("utf-8");
      const whole = decodeBytes(bytes, "big.ris").text;
      expect(source.text()).toBe(whole);
      expect(lines(source.lines())).toEqual(lines(iterateLines(whole)));
      expect(source.head).toBe(whole.slice(0, 65536));
    }
  });

  it("parses to the same records as before", () => {
    const bytes = new TextEncoder().encode(body);
    const r = parseCitations(bytes, { fileName: "big.ris" });
    expect(r.records).toHaveLength(24_000);
    expect(r.records[23_999].title).toBe("Étude 23999 脑卒中后认知障碍 — hippocampus");
    expect(r.records[12_345].authors).toEqual(["Müller, J"]);
  });
});
