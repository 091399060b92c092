// A small LaTeX-to-Unicode decoder for the markup found in database BibTeX exports (accents,
// escaped specials, dashes, {[} brackets). Full TeX is out of scope: unknown commands keep their text.

const ACCENTS: Record<string, string> = {
  "'": "\u0301",
  "`": "\u0300",
  "^": "\u0302",
  '"': "\u0308",
  "~": "\u0303",
  "=": "\u0304",
  ".": "\u0307",
  u: "\u0306",
  v: "\u030c",
  H: "\u030b",
  c: "\u0327",
  k: "\u0328",
  r: "\u030a",
  d: "\u0323",
  b: "\u0331",
};

const SYMBOLS: Record<string, string> = {
  ss: "ß",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  aa: "å",
  AA: "Å",
  o: "ø",
  O: "Ø",
  l: "ł",
  L: "Ł",
  i: "ı",
  j: "ȷ",
  textendash: "–",
  textemdash: "—",
  textregistered: "®",
  texttrademark: "™",
  copyright: "©",
  textquoteright: "’",
  textquoteleft: "‘",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  pi: "π",
  sigma: "σ",
  tau: "τ",
  omega: "ω",
  textdegree: "°",
  textpm: "±",
  pm: "±",
  times: "×",
  le: "≤",
  ge: "≥",
  textless: "<",
  textgreater: ">",
};

/** Decodes LaTeX accents, escapes and grouping braces into plain Unicode text. */
export function decodeLatex(value: string): string {
  if (!/[\\{}~$-]/.test(value)) return value;
  let s = value
    .replace(/\{\[\}/g, "[")
    .replace(/\{\]\}/g, "]")
    .replace(/\\([&%$#_{}])/g, "$1")
    .replace(/\\([`'^"~=.])\s*\{?\\?([A-Za-z])\}?/g, (_, acc: string, ch: string) => combine(ch === "i" ? "i" : ch, acc))
    .replace(/\\([uvHckrdb])\s*\{\\?([A-Za-z])\}/g, (_, acc: string, ch: string) => combine(ch, acc))
    .replace(/\\([uvHckrdb]) ([A-Za-z])/g, (_, acc: string, ch: string) => combine(ch, acc))
    .replace(/\\([A-Za-z]+)\b\s?(\{\})?/g, (m, name: string) => SYMBOLS[name] ?? (/^(textit|textbf|emph|textsc|textrm|mathrm|mbox|text|url|textsubscript|textsuperscript)$/.test(name) ? "" : m))
    .replace(/\$([^$]*)\$/g, "$1")
    .replace(/---/g, "—")
    .replace(/--/g, "–")
    .replace(/(?<!\\)~/g, "\u00a0");
  s = s.replace(/(?<!\\)[{}]/g, "");
  return s.normalize("NFC");
}

function combine(ch: string, accent: string): string {
  const mark = ACCENTS[accent];
  return mark ? (ch + mark).normalize("NFC") : ch;
}
