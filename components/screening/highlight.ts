/** A run of text, marked when it matched an include or exclude term. */
export interface TextRun {
  text: string;
  kind: "include" | "exclude" | null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits text into runs, marking the project's highlight terms (case-insensitive, at word starts;
 * a trailing * matches any word ending, e.g. "pain*" → painful). When an include and an exclude
 * term overlap, the longer match wins (regex alternation tried longest first).
 */
export function highlightRuns(text: string, includeTerms: readonly string[], excludeTerms: readonly string[]): TextRun[] {
  const terms = [
    ...includeTerms.map((t) => ({ t: t.trim(), kind: "include" as const })),
    ...excludeTerms.map((t) => ({ t: t.trim(), kind: "exclude" as const })),
  ].filter((x) => x.t.replace(/\*$/, "").length > 0);
  if (terms.length === 0 || !text) return [{ text, kind: null }];
  terms.sort((a, b) => b.t.length - a.t.length);
  const pattern = terms
    .map((x) => {
      const wildcard = x.t.endsWith("*");
      const core = escapeRegExp(wildcard ? x.t.slice(0, -1) : x.t).replace(/\s+/g, "\\s+");
      return `(${core}${wildcard ? "[\\p{L}\\p{N}-]*" : "(?![\\p{L}\\p{N}])"})`;
    })
    .join("|");
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})`, "giu");
  const runs: TextRun[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    const group = m.slice(1).findIndex((g) => g !== undefined);
    if (m.index > last) runs.push({ text: text.slice(last, m.index), kind: null });
    runs.push({ text: m[0], kind: terms[group].kind });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), kind: null });
  return runs;
}
