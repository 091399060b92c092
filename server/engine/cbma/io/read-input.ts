/**
 * Reads any supported coordinate input: Sleuth text, NiMARE Dataset / NIMADS JSON, or Concord
 * coordinate JSON (snapshot export). The format is recognised from the content.
 */
import { readFileSync } from "node:fs";
import type { LancasterVariant } from "../coordinates";
import { type CoordinateDataset, CoordinateInputError } from "../types";
import { isConcordJson, parseConcordJson } from "./concord-json";
import { isNimareJson, parseJsonWithLines, parseNimareJson } from "./nimare-json";
import { parseSleuth } from "./sleuth";

/** Options of `parseCoordinateText` / `readCoordinateFile`. */
export interface CoordinateReadOptions {
  talairachVariant?: LancasterVariant;
  allowMissingSampleSize?: boolean;
}

/** Parses coordinate text of any supported format. */
export function parseCoordinateText(
  text: string,
  file: string,
  options: CoordinateReadOptions = {},
): { dataset: CoordinateDataset; warnings: string[]; format: "sleuth" | "nimare-json" | "concord-json" } {
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const root = parseJsonWithLines(trimmed, file);
    if (isConcordJson(root)) return { dataset: parseConcordJson(trimmed, file, options.talairachVariant), warnings: [], format: "concord-json" };
    if (isNimareJson(root)) return { dataset: parseNimareJson(trimmed, file, options), warnings: [], format: "nimare-json" };
    throw new CoordinateInputError("JSON is neither a Concord coordinate file, a NiMARE Dataset nor a NIMADS Studyset", { file });
  }
  const { dataset, warnings } = parseSleuth(text, file, options);
  return { dataset, warnings, format: "sleuth" };
}

/** Reads a coordinate file from disk (format detected from its content). */
export function readCoordinateFile(file: string, options: CoordinateReadOptions = {}): ReturnType<typeof parseCoordinateText> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new CoordinateInputError(`cannot read file (${(err as Error).message})`, { file });
  }
  return parseCoordinateText(text, file, options);
}
