/**
 * The synthetic review behind the demo project: "Resting-state ReHo and ALFF in chronic low back
 * pain vs healthy controls". Every study, author and number here is invented (deterministically),
 * shaped like the real literature so each stage of Concord has something to show.
 */

export type Verdict = "include" | "ft-exclude" | "not-retrieved" | "ta-exclude";

export interface DemoPeak {
  x: number;
  y: number;
  z: number;
  t: number;
  region: string;
}

export interface DemoCandidate {
  key: string;
  firstAuthor: string;
  authors: string[];
  year: number;
  title: string;
  abstract: string;
  journal: string;
  doi: string | null;
  verdict: Verdict;
  ftReason?: string;
  /** Shares a study with this key (a conference abstract and its article). */
  sameStudyAs?: string;
  country: string;
  space: "MNI" | "Talairach";
  n1: number;
  n2: number;
  modalities: ("ReHo" | "ALFF")[];
  peaks: DemoPeak[];
  /** Depression (BDI) in patients and controls: mean, SD. */
  bdi: [number, number, number, number];
  painVas: number;
  durationYears: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames = ["Zhang", "Li", "Wang", "Müller", "Smith", "García", "Rossi", "Kim", "Nakamura", "Silva", "Novak", "Dubois", "Chen", "Liu", "Kowalski", "Andersen", "Ivanova", "Ahmed", "Costa", "Yilmaz"];
const countries = ["China", "China", "China", "Germany", "USA", "Spain", "Italy", "Korea", "Japan", "Brazil", "Czech Republic", "France"];
const journals = ["NeuroImage: Clinical", "Pain", "Human Brain Mapping", "Journal of Pain Research", "Frontiers in Neurology", "European Journal of Pain", "Brain Imaging and Behavior"];
const regions: DemoPeak[] = [
  { x: -38, y: 8, z: 2, t: 0, region: "left insula" },
  { x: 2, y: 48, z: -8, t: 0, region: "medial prefrontal cortex" },
  { x: 8, y: -60, z: 40, t: 0, region: "right precuneus" },
  { x: -4, y: -18, z: 42, t: 0, region: "mid-cingulate cortex" },
];

const titleFor = (m: string[], i: number) =>
  [
    `Altered ${m.join(" and ")} in patients with chronic low back pain: a resting-state fMRI study`,
    `Abnormal spontaneous brain activity in chronic low back pain measured with ${m.join(" and ")}`,
    `${m.join("/")} changes in nonspecific chronic low back pain and their relation to pain intensity`,
    `Resting-state ${m.join(" and ")} abnormalities in chronic low back pain patients compared with healthy controls`,
  ][i % 4];

/** The 21 neuroimaging candidates: 15 included reports (14 studies), 3 excluded at full text, 2 not retrieved, 1 excluded at title/abstract. */
export function demoCandidates(): DemoCandidate[] {
  const rand = rng(2024);
  const jitter = (s: number) => Math.round((rand() - 0.5) * 2 * s);
  const verdicts: Verdict[] = [...Array(15).fill("include"), "ft-exclude", "ft-exclude", "ft-exclude", "not-retrieved", "not-retrieved", "ta-exclude"];
  const reasons = ["ROI-only results", "no coordinates", "n < 10 per group"];
  return verdicts.map((verdict, i) => {
    const modalities: ("ReHo" | "ALFF")[] = i % 5 === 0 ? ["ReHo", "ALFF"] : i % 2 ? ["ALFF"] : ["ReHo"];
    const first = surnames[i % surnames.length];
    const peaks: DemoPeak[] = [];
    if (rand() < 0.75) peaks.push({ ...regions[0], x: regions[0].x + jitter(4), y: regions[0].y + jitter(4), z: regions[0].z + jitter(4), t: 3.6 + 2 * rand() });
    if (rand() < 0.55) peaks.push({ ...regions[1], x: regions[1].x + jitter(5), y: regions[1].y + jitter(5), z: regions[1].z + jitter(5), t: 3.4 + 2 * rand() });
    if (rand() < 0.6) peaks.push({ ...regions[2], x: regions[2].x + jitter(5), y: regions[2].y + jitter(5), z: regions[2].z + jitter(5), t: -(3.4 + 2 * rand()) });
    peaks.push({ x: jitter(50), y: jitter(60) - 10, z: jitter(30) + 20, t: (rand() < 0.5 ? -1 : 1) * (3.2 + rand()), region: "other" });
    const n1 = 14 + Math.floor(rand() * 26);
    return {
      key: `c${i + 1}`,
      firstAuthor: first,
      authors: [`${first}, ${String.fromCharCode(65 + (i % 26))}.`, `${surnames[(i + 7) % surnames.length]}, B.`, `${surnames[(i + 11) % surnames.length]}, C.`],
      year: 2012 + (i % 12),
      title: verdict === "ta-exclude" ? "Low back pain and brain morphology: a narrative review" : titleFor(modalities, i),
      abstract: `Background: Chronic low back pain (CLBP) is associated with altered brain function. Methods: ${n1} patients with CLBP and matched healthy controls underwent resting-state fMRI; ${modalities.join(" and ")} maps were compared between groups. Results: patients showed altered ${modalities.join("/")} in the insula, medial prefrontal cortex and precuneus.`,
      journal: journals[i % journals.length],
      doi: `10.5555/demo.clbp.${2012 + (i % 12)}.${i + 1}`,
      verdict,
      ftReason: verdict === "ft-exclude" ? reasons[i % 3] : undefined,
      sameStudyAs: i === 14 ? "c2" : undefined,
      country: countries[i % countries.length],
      space: i === 6 ? "Talairach" : "MNI",
      n1,
      n2: 14 + Math.floor(rand() * 26),
      modalities,
      peaks,
      bdi: [11 + 5 * rand(), 5 + 2 * rand(), 5 + 3 * rand(), 3.5 + 2 * rand()],
      painVas: 4.5 + 2.5 * rand(),
      durationYears: 2 + 8 * rand(),
    };
  });
}

const offTopic = [
  "Knee osteoarthritis pain and grey matter volume",
  "Migraine without aura: a diffusion tensor imaging study",
  "Exercise therapy for chronic neck pain: a randomised controlled trial",
  "Fibromyalgia and functional connectivity of the default mode network",
  "Opioid prescribing patterns for acute low back pain in primary care",
  "Cortical thickness in complex regional pain syndrome",
  "Mindfulness-based stress reduction for chronic pain: a meta-analysis",
  "Spinal manipulation versus sham for sciatica",
  "Task-based fMRI of pain anticipation in healthy volunteers",
  "Lumbar disc degeneration on MRI and its relation to symptoms",
];

/** Off-topic records that title/abstract screening excludes. */
export function demoOffTopic(n: number, seed: number): { title: string; abstract: string; year: number; journal: string; authors: string[]; doi: string }[] {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const topic = offTopic[Math.floor(rand() * offTopic.length)];
    return {
      title: `${topic} (${["cohort", "trial", "cross-sectional", "imaging"][i % 4]} ${seed}-${i + 1})`,
      abstract: `${topic}. We studied ${30 + Math.floor(rand() * 200)} participants. The findings do not concern resting-state ReHo or ALFF in chronic low back pain.`,
      year: 2008 + Math.floor(rand() * 16),
      journal: journals[Math.floor(rand() * journals.length)],
      authors: [`${surnames[Math.floor(rand() * surnames.length)]}, D.`, `${surnames[Math.floor(rand() * surnames.length)]}, E.`],
      doi: `10.5555/demo.other.${seed}.${i + 1}`,
    };
  });
}

interface RisRecord {
  title: string;
  abstract: string;
  authors: string[];
  year: number;
  journal: string;
  doi: string | null;
  keywords?: string[];
}

/** RIS text of the records, as a database export would give it. */
export function toRis(records: RisRecord[]): string {
  return records
    .map((r) =>
      [
        "TY  - JOUR",
        `TI  - ${r.title}`,
        ...r.authors.map((a) => `AU  - ${a}`),
        `PY  - ${r.year}`,
        `JO  - ${r.journal}`,
        ...(r.doi ? [`DO  - ${r.doi}`] : []),
        `AB  - ${r.abstract}`,
        ...(r.keywords ?? []).map((k) => `KW  - ${k}`),
        "ER  - ",
      ].join("\r\n"),
    )
    .join("\r\n\r\n") + "\r\n";
}
