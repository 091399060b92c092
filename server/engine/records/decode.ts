import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { ImportError } from "./errors";
import { iterateLines, iterateLinesOf, type Line } from "./lines";
import { MAX_IMPORT_BYTES } from "./types";

export interface DecodedText {
  text: string;
  encoding: string;
}

/**
 * An uploaded file as text, read in the way each format needs: line by line (RIS, MEDLINE, Web of
 * Science, refer) or whole (BibTeX, EndNote XML, CSV). A UTF-8 file, by far the most common, is
 * decoded a megabyte at a time for the line readers: a 76 MB export with one non-Latin-1 character
 * would otherwise be held as one 150 MB two-byte string while its records are parsed and written.
 */
export interface TextSource {
  encoding: string;
  /** The first 65,536 characters, for format detection. */
  head: string;
  lines(): Iterable<Line>;
  /** The whole text (decoded on each call for a UTF-8 file: keep the result, not the source). */
  text(): string;
}

/** Bytes of a UTF-8 file decoded per piece of {@link TextSource.lines}. */
const UTF8_PIECE_BYTES = 1 << 20;

/** Opens uploaded bytes as text, with the checks and encoding rules of {@link decodeBytes}. */
export function openText(bytes: Uint8Array, file: string, options: { encoding?: string; maxBytes?: number } = {}): TextSource {
  refuseSizeOrEmpty(bytes, file, options.maxBytes ?? MAX_IMPORT_BYTES);
  if (!options.encoding && isUtf8File(bytes, file)) return utf8Source(bytes);
  const { text, encoding } = decodeBytes(bytes, file, options);
  return { encoding, head: text.slice(0, 65536), lines: () => iterateLines(text), text: () => text };
}

/** UTF-8 with a BOM, or (no BOM, not UTF-16, not binary) bytes that are valid UTF-8 throughout. */
function isUtf8File(bytes: Uint8Array, file: string): boolean {
  const bom = detectBom(bytes);
  if (bom) return bom === "utf-8";
  if (guessBomlessUtf16(bytes)) return false;
  refuseBinary(bytes, file);
  return isUtf8(bytes);
}

function utf8Source(bytes: Uint8Array): TextSource {
  // TextDecoder drops a leading BOM, as decodeBytes does; invalid bytes after a BOM become U+FFFD
  const decode = () => new TextDecoder("utf-8").decode(bytes);
  return {
    encoding: "utf-8",
    head: new TextDecoder("utf-8").decode(bytes.subarray(0, 4 * 65536)).slice(0, 65536),
    lines: () => iterateLinesOf(utf8Pieces(bytes)),
    text: decode,
  };
}

function* utf8Pieces(bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder("utf-8");
  for (let at = 0; at < bytes.length; at += UTF8_PIECE_BYTES) {
    // stream: a character split between two pieces is decoded whole with the next one
    yield decoder.decode(bytes.subarray(at, at + UTF8_PIECE_BYTES), { stream: at + UTF8_PIECE_BYTES < bytes.length });
  }
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (e.g. .zip, .docx or .xlsx)"],
  [[0x1f, 0x8b], "a gzip archive"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0xd0, 0xcf, 0x11, 0xe0], "an old Microsoft Office document (.xls/.doc)"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
];

/**
 * Turns uploaded bytes into text. Order: size limit (before anything else), BOM (UTF-8, UTF-16 LE/BE),
 * BOM-less UTF-16 (zero bytes in alternate positions), binary refusal, strict UTF-8, then a legacy
 * guess: GB18030 when the bytes decode cleanly to mostly CJK (CNKI/Wanfang exports, GBK BibTeX),
 * otherwise Windows-1252 (older EndNote/Excel CSVs).
 */
export function decodeBytes(bytes: Uint8Array, file: string, options: { encoding?: string; maxBytes?: number } = {}): DecodedText {
  refuseSizeOrEmpty(bytes, file, options.maxBytes ?? MAX_IMPORT_BYTES);
  if (options.encoding) return { text: stripBom(iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), options.encoding)), encoding: options.encoding };

  const bom = detectBom(bytes);
  if (bom) return { text: stripBom(iconv.decode(asBuffer(bytes), bom)), encoding: bom };
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return { text: iconv.decode(asBuffer(bytes), utf16), encoding: utf16 };

  refuseBinary(bytes, file);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return guessLegacy(bytes);
  }
}

function refuseSizeOrEmpty(bytes: Uint8Array, file: string, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    throw new ImportError(
      `file is ${(bytes.length / 1048576).toFixed(1)} MB, larger than the ${(maxBytes / 1048576).toFixed(0)} MB import limit; split the export into smaller files`,
      { code: "too-large", file },
    );
  }
  if (bytes.length === 0) throw new ImportError("file is empty", { code: "empty", file, expected: "exported records" });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function detectBom(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  return null;
}

function guessBomlessUtf16(b: Uint8Array): string | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

function refuseBinary(b: Uint8Array, file: string): void {
  for (const [magic, what] of MAGIC) {
    if (magic.every((v, i) => b[i] === v)) {
      throw new ImportError(`this is ${what}, not a text export`, {
        code: "binary",
        file,
        expected: "a RIS, MEDLINE, BibTeX, EndNote XML, Web of Science or CSV text file",
      });
    }
  }
  const n = Math.min(b.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) {
      throw new ImportError(`binary data (a zero byte at offset ${i}), not a text export`, {
        code: "binary",
        file,
        expected: "a text file (UTF-8, UTF-16 or a legacy 8-bit encoding)",
      });
    }
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1a && c !== 0x1b)) control++;
  }
  if (control > n * 0.01 + 2) {
    throw new ImportError(`binary data (${control} control bytes in the first ${n}), not a text export`, {
      code: "binary",
      file,
      expected: "a text file",
    });
  }
}

function guessLegacy(b: Uint8Array): DecodedText {
  const buf = asBuffer(b);
  const gb = iconv.decode(buf, "gb18030");
  let cjk = 0;
  let other = 0;
  for (const ch of gb) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) continue;
    if (cp === 0xfffd) return { text: iconv.decode(buf, "windows-1252"), encoding: "windows-1252" };
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef)) cjk++;
    else other++;
  }
  if (cjk > 0 && cjk >= other * 4) return { text: gb, encoding: "gb18030" };
  return { text: iconv.decode(buf, "windows-1252"), encoding: "windows-1252" };
}
