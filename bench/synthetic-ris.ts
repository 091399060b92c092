// Synthetic RIS exports for the import benchmarks: realistic record sizes (150-word abstracts,
// 1–6 authors, DOIs), a vocabulary of thousands of pseudo-words, and ~10 % planted duplicates with
// the differences real exports have (upper case, trailing period, leading "The", journal
// abbreviation, DOI as URL or missing, "Surname I" author form). Seeded: the same file every run.
const WORDS = "cortex amygdala connectivity network resting state default mode task activation meta analysis coordinate voxel cluster hippocampus insula striatum reward memory emotion attention language motor visual auditory pain fear depression anxiety schizophrenia autism adolescents older adults children patients healthy volunteers longitudinal cross sectional thalamus cerebellum precuneus".split(" ");
const SURNAMES = "Smith Wang Li Zhang Müller García Kim Nguyen Rossi Kowalski Silva Tanaka Novak Jensen Dubois Ivanova O'Brien Cohen Patel Okafor".split(" ");
const JOURNALS: [string, string][] = [["NeuroImage", "Neuroimage"], ["Human Brain Mapping", "Hum Brain Mapp"], ["Biological Psychiatry", "Biol Psychiatry"], ["Cerebral Cortex", "Cereb Cortex"], ["中华精神科杂志", "中华精神科杂志"]];

// mulberry32: a float LCG like (seed * 1103515245 + 12345) % 2^31 loses precision past 2^53 and cycles within ~100 records
let seed = 7;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
// Real titles draw on a vocabulary of thousands of words; a few dozen would make every pair of
// records look alike and flood the review queue. Pseudo-words from syllables stand in for them.
const SYLLABLES = "ka lo mi ne ra tu shi po ve zo ur an el is om bra cen dor fi gal hem jun lex mor nis pra quo sel tri vin".split(" ");
const pseudo = (parts: number) => Array.from({ length: parts }, () => pick(SYLLABLES)).join("");
WORDS.push(...Array.from({ length: 4000 }, () => pseudo(2 + Math.floor(rand() * 3))));
SURNAMES.push(...Array.from({ length: 3000 }, () => { const s = pseudo(2 + Math.floor(rand() * 2)); return s[0].toUpperCase() + s.slice(1); }));

export function risFile(n: number): { bytes: Uint8Array; planted: number } {
  const parts: string[] = [];
  let originals = 0;
  while (parts.length < n) {
    const i = originals++;
    const title = Array.from({ length: 8 + Math.floor(rand() * 8) }, () => pick(WORDS)).join(" ") + ` ${i}`;
    const authors = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => `${pick(SURNAMES)}, ${String.fromCharCode(65 + Math.floor(rand() * 26))}.`);
    const [journal, abbrev] = pick(JOURNALS);
    const year = 1995 + Math.floor(rand() * 30);
    const page = 1 + Math.floor(rand() * 2000);
    const abstract = Array.from({ length: 150 }, () => pick(WORDS)).join(" ");
    const doi = `10.${1000 + (i % 9000)}/synthetic.${i}`;
    const ris = (t: string, a: string[], j: string, d: string, id: string) =>
      ["TY  - JOUR", `TI  - ${t}`, ...a.map((x) => `AU  - ${x}`), `PY  - ${year}`, `T2  - ${j}`, `VL  - ${1 + (i % 300)}`, `SP  - ${page}`, `EP  - ${page + 9}`, ...(d ? [`DO  - ${d}`] : []), `AB  - ${abstract}`, `KW  - ${pick(WORDS)}`, `ID  - ${id}`, "ER  - ", ""].join("\r\n");
    parts.push(ris(title, authors, journal, doi, `r${i}`));
    if (rand() < 0.1 && parts.length < n) {
      const variant = rand() < 0.5 ? `${title.toUpperCase()}.` : `The ${title.replace(/ /, "-")}`;
      parts.push(ris(variant, authors.map((a) => a.replace(", ", " ").replace(".", "")), abbrev, rand() < 0.5 ? `https://doi.org/${doi}` : "", `d${i}`));
    }
  }
  return { bytes: new TextEncoder().encode(parts.join("")), planted: n - originals };
}

