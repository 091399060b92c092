import { decode } from "html-entities";
import { cleanDoi } from "../fields";

const GREEK: Record<string, string> = {
  α: "alpha", β: "beta", γ: "gamma", δ: "delta", ε: "epsilon", ζ: "zeta", η: "eta", θ: "theta", ι: "iota", κ: "kappa",
  λ: "lambda", μ: "mu", ν: "nu", ξ: "xi", π: "pi", ρ: "rho", σ: "sigma", τ: "tau", φ: "phi", χ: "chi", ψ: "psi", ω: "omega",
};
const GREEK_RE = new RegExp(`[${Object.keys(GREEK).join("")}]`, "g");

// Printable ASCII without "&", "<" and ">": no entities, markup, accents or Greek letters to handle.
const PLAIN_ASCII = /^[\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;

/** Lower-case, accent-free, entity- and markup-free text with punctuation as single spaces. */
export function normaliseText(value: string): string {
  // Most titles, names and journals are plain ASCII: the Unicode passes below would not change them.
  if (PLAIN_ASCII.test(value)) return value.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  let s = value.includes("&") ? decode(value) : value;
  if (s.includes("<")) s = s.replace(/<[^>]{0,200}>/g, " ");
  s = s.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  s = s.replace(GREEK_RE, (c) => ` ${GREEK[c]} `).replace(/&/g, " and ");
  return s.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * Title key for comparison: normalised text without a trailing "[Chinese]"-style language tag,
 * without a leading article ("The", "A", "An") and without spaces (so "follow up" = "follow-up").
 */
export function normaliseTitle(value: string | null, text?: string): string {
  if (!value) return "";
  const stripped = /[\])]\s*\.?\s*$/.test(value) ? value.replace(LANGUAGE_SUFFIX, (m) => (LANGUAGE_TAG.test(m) ? "" : m)) : value;
  // `text` = normaliseText(value), when the caller has it already
  const normalised = stripped === value && text !== undefined ? text : normaliseText(stripped);
  return normalised.replace(/^(the|a|an) /, "").replace(/ /g, "");
}
const LANGUAGE_SUFFIX = /\s*[[(]\s*(in\s+)?[A-Za-z]+(\s+with\s+[A-Za-z]+\s+abstract)?\s*[\])]\s*\.?\s*$/;
const LANGUAGE_TAG = /chinese|japanese|german|french|spanish|russian|italian|portuguese|polish|korean|dutch|czech|turkish|hungarian|swedish|danish|norwegian|finnish|hebrew|persian|arabic|greek|english|croatian|serbian|romanian|ukrainian|slovak|slovenian|lithuanian|bulgarian|abstract/i;

/** Number of words in a normalised title (used to treat short, generic titles with care). */
export function wordCount(value: string | null): number {
  return value ? normaliseText(value).split(" ").filter(Boolean).length : 0;
}

/**
 * Surname of an author string written as "Surname, Given", "Surname I.", "Surname IJ",
 * "I. Surname" or "Given Surname"; lower-case, accent-free letters only.
 */
export function surname(author: string | undefined): string {
  if (!author) return "";
  const a = author.trim();
  let name: string;
  if (a.includes(",")) name = a.slice(0, a.indexOf(","));
  else {
    const parts = a.split(/\s+/);
    const last = parts[parts.length - 1];
    if (parts.length > 1 && /^([A-Z]\.?-?){1,4}$/.test(last)) name = parts.slice(0, -1).join(" ");
    else if (parts.length > 1 && /^([A-Z]\.?-?){1,3}$/.test(parts[0])) name = parts.slice(1).join(" ");
    else name = parts.length > 1 ? last : a;
  }
  return normaliseText(name).replace(/ /g, "");
}

const JOURNAL_STOP = new Set(["the", "of", "and", "in", "for", "on", "de", "la", "der", "und", "fur", "du", "des", "et"]);

/** Journal tokens without stop words; a bracketed translation ("Zhongguo zhen jiu [Chinese acupuncture]") is dropped. */
export function journalTokens(value: string | null): string[] {
  if (!value) return [];
  return normaliseText(value.replace(/\[[^\]]*\]|\([^)]*\)/g, " "))
    .split(" ")
    .filter((t) => t && !JOURNAL_STOP.has(t));
}

/** First page as digits/letters ("221-8" → "221", "e0268950" → "e0268950"); a page count ("215 p") is no page. */
export function firstPage(pages: string | null): string {
  if (!pages || PAGE_COUNT.test(pages)) return "";
  const m = /^\s*([A-Za-z]?\d+[A-Za-z]?)/.exec(pages);
  return m ? m[1].toLowerCase() : "";
}
const PAGE_COUNT = /^\s*\d+\s*(p|pp|pages?)\.?\s*$/i;

/**
 * Last page of a range with abbreviated end pages expanded ("221-8" → "228", "755-60" → "760");
 * "" for a single page or article number ("945", "1875-1875").
 */
export function lastPage(pages: string | null): string {
  const first = firstPage(pages);
  const m = first ? /[-–]\s*([A-Za-z]?\d+[A-Za-z]?)\s*$/.exec(pages!) : null;
  if (!m) return "";
  let last = m[1].toLowerCase();
  if (/^\d+$/.test(first) && /^\d+$/.test(last) && last.length < first.length) last = first.slice(0, first.length - last.length) + last;
  return last === first ? "" : last;
}

/** Digits of a page ("c37", "S37", "37" → "37"): one database prints a section letter another drops. */
export function pageNumber(page: string): string {
  const m = /^[a-z]?(\d+)[a-z]?$/.exec(page);
  return m ? String(Number(m[1])) : page;
}

/** DOI key: lower-case, without resolver prefix. */
export function doiKey(doi: string | null): string {
  return cleanDoi(doi)?.toLowerCase() ?? "";
}
