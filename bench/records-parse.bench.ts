// Parse + dedup of 50,000 synthetic RIS records (generated here, ~10% duplicated with typical
// export differences: case, punctuation, DOI prefix, abbreviated journal, initials). Reports wall
// time of each stage and peak resident memory. Insert time belongs to the import service's bench.
import { loadavg } from "node:os";
import { findDuplicates, parseCitations } from "@/server/engine/records";

const RECORDS = Number(process.env.RECORDS ?? 50_000);
const COMMON = "cortex amygdala connectivity network resting state default mode task activation meta analysis coordinate voxel cluster hippocampus insula striatum reward memory emotion attention language motor visual auditory pain fear depression anxiety schizophrenia autism adolescents older adults children patients healthy volunteers longitudinal cross sectional".split(" ");
const SURNAMES = "Smith Wang Li Zhang Müller García Kim Nguyen Rossi Kowalski Silva Tanaka Novak Jensen Dubois Ivanova O'Brien Cohen Patel Okafor".split(" ");
const JOURNALS = [["NeuroImage", "Neuroimage"], ["Human Brain Mapping", "Hum Brain Mapp"], ["Biological Psychiatry", "Biol Psychiatry"], ["Cerebral Cortex", "Cereb Cortex"], ["中华精神科杂志", "中华精神科杂志"]];

// mulberry32: a float LCG loses precision past 2^53 and repeats records after a few thousand
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
// Real title vocabularies run to tens of thousands of words; 6,000 pseudo-words plus the common
// field words keep unrelated synthetic titles as dissimilar as real ones.
const SYLLABLES = "ba ce di fo gu ha ke li mo nu pa qui ra se ti vo wu xa yo ze tra ple cro ster min dol".split(" ");
const RARE = Array.from({ length: 6000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join(""));
const WORDS = [...COMMON, ...RARE];

function record(i: number): { ris: string; variant: string } {
  const title = Array.from({ length: 8 + Math.floor(rand() * 8) }, () => pick(rand() < 0.5 ? COMMON : RARE)).join(" ");
  const authors = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => `${pick(SURNAMES)}, ${String.fromCharCode(65 + Math.floor(rand() * 26))}.`);
  const [journal, abbrev] = pick(JOURNALS);
  const year = 1995 + Math.floor(rand() * 30);
  const page = 1 + Math.floor(rand() * 2000);
  const abstract = Array.from({ length: 120 }, () => pick(WORDS)).join(" ");
  const doi = `10.${1000 + (i % 9000)}/synthetic.${i}`;
  const lines = (t: string, a: string[], j: string, d: string) =>
    ["TY  - JOUR", `TI  - ${t}`, ...a.map((x) => `AU  - ${x}`), `PY  - ${year}`, `T2  - ${j}`, `VL  - ${1 + (i % 300)}`, `SP  - ${page}`, `EP  - ${page + 9}`, `DO  - ${d}`, `AB  - ${abstract}`, `KW  - ${pick(WORDS)}`, `KW  - ${pick(WORDS)}`, `ID  - r${i}`, "ER  - ", ""].join("\r\n");
  const variantTitle = rand() < 0.5 ? `${title.toUpperCase()}.` : `The ${title.replace(/ /, "-")}`;
  return { ris: lines(title, authors, journal, doi), variant: lines(variantTitle, authors.map((a) => a.replace(", ", " ").replace(".", "")), abbrev, rand() < 0.5 ? `https://doi.org/${doi}` : "") };
}

const parts: string[] = [];
let originals = 0;
while (parts.length < RECORDS) {
  const { ris, variant } = record(originals++);
  parts.push(ris);
  if (rand() < 0.1 && parts.length < RECORDS) parts.push(variant.replace(/ID {2}- r(\d+)/, "ID  - d$1"));
}
const bytes = new TextEncoder().encode(parts.join(""));
parts.length = 0;

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; input ${RECORDS} RIS records, ${(bytes.length / 1048576).toFixed(1)} MB`);
// CPU time next to wall time: on a machine shared with other jobs the wall time mostly measures the queue.
function cpuS(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}
let t = performance.now();
let cpu = process.cpuUsage();
const parsed = parseCitations(bytes, { fileName: "synthetic.ris" });
const parseS = (performance.now() - t) / 1000;
const parseCpuS = cpuS(cpu);
t = performance.now();
cpu = process.cpuUsage();
const dedup = findDuplicates(parsed.records);
const dedupS = (performance.now() - t) / 1000;
const dedupCpuS = cpuS(cpu);
const peakMb = process.resourceUsage().maxRSS / 1024;
const planted = RECORDS - originals;
console.log(`parse: ${parsed.records.length} records in ${parseS.toFixed(2)} s wall, ${parseCpuS.toFixed(2)} s CPU (${Math.round(parsed.records.length / parseS)} records/s)`);
console.log(`dedup: ${dedup.stats.comparedPairs} compared pairs, ${dedup.stats.autoGroups} auto groups (${dedup.stats.duplicatesRemoved} merged; ${planted} planted), ${dedup.stats.reviewGroups} review groups in ${dedupS.toFixed(2)} s wall, ${dedupCpuS.toFixed(2)} s CPU`);
console.log(`parse + dedup: ${(parseS + dedupS).toFixed(2)} s; peak RSS ${peakMb.toFixed(0)} MB`);
