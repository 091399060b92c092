import { readFileSync } from "node:fs";
import path from "node:path";

/** Bytes of a hand-written fixture in tests/fixtures/records. */
export function fixture(name: string): Uint8Array {
  return readFileSync(path.resolve(import.meta.dirname, "../../../tests/fixtures/records", name));
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
