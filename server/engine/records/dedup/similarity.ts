/**
 * Character-bigram profile of a string as a sorted Uint32Array (two UTF-16 code units packed in
 * one number), so Dice similarity is a linear merge of two typed arrays with no allocation.
 */
export function bigrams(text: string): Uint32Array {
  const n = Math.max(text.length - 1, 0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
  return out.sort();
}

/**
 * Sørensen–Dice coefficient of two bigram multisets (1 = identical). With `atLeast`, the merge stops
 * as soon as the bigrams left cannot lift the result to `atLeast` and returns 0: most compared pairs
 * are unrelated, and their exact similarity is never used.
 */
export function dice(a: Uint32Array, b: Uint32Array, atLeast = 0): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // shared bigrams needed (the epsilon keeps a result exactly at the threshold)
  const need = Math.ceil((atLeast * (la + lb)) / 2 - 1e-9);
  if (Math.min(la, lb) < need) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < la && j < lb) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else {
      if (x < y) i++;
      else j++;
      if (shared + Math.min(la - i, lb - j) < need) return 0;
    }
  }
  return (2 * shared) / (la + lb);
}

/**
 * Title similarity in [0, 1]: 1 for equal keys; Dice of bigrams otherwise; a title that is a
 * prefix of the other (a database cut it at 100–250 characters) counts as 0.96 when the shorter
 * one is long enough to be specific. Below `atLeast` the result may be 0 (see {@link dice}).
 */
export function titleSimilarity(a: string, b: string, ga: Uint32Array, gb: Uint32Array, atLeast = 0): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const short = a.length <= b.length ? a : b;
  if (short.length >= 40 && (short === a ? b : a).startsWith(short)) return 0.96;
  return dice(ga, gb, atLeast);
}

/**
 * "same" for equal token lists; "compatible" when one is an abbreviation or a leading part of the
 * other ("Curr Opin Lipidol" ~ "Current Opinion in Lipidology", "Microcirculation" ~
 * "Microcirculation. Conference: …"); "different" otherwise.
 */
export function compareJournals(a: string[], b: string[]): "same" | "compatible" | "different" | "missing" {
  if (a.length === 0 || b.length === 0) return "missing";
  if (a.join(" ") === b.join(" ")) return "same";
  if (a.join("") === b.join("")) return "same";
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return isAbbreviation(short, long) || isAbbreviation(long, short) ? "compatible" : "different";
}

function isAbbreviation(short: string[], long: string[]): boolean {
  let j = 0;
  let skipped = 0;
  for (const token of short) {
    while (j < long.length && !long[j].startsWith(token)) {
      j++;
      skipped++;
    }
    if (j === long.length || skipped > 1) return false;
    j++;
  }
  return true;
}
