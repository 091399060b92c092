// Import of 50,000 synthetic RIS records through the real service (parse + batched insert + dedup
// against the project, one transaction) on file-backed PGlite and on PostgreSQL, then the records
// table's queries at that size (search, sort, deep page, counts). ~10% of records are planted
// duplicates with typical export differences. PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/test (a scratch database is created and dropped).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type OpenDatabase } from "@/db/client";
import { signUp } from "@/server/review/accounts/sign-up";
import { createProject } from "@/server/review/projects/projects";
import { importSearch } from "@/server/review/import/import-search";
import { listRecords } from "@/server/review/import/list-records";
import { getIdentificationCounts } from "@/server/review/import/prisma-counts";

const RECORDS = Number(process.env.RECORDS ?? 50_000);
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

function risFile(n: number): { bytes: Uint8Array; planted: number } {
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

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

async function run(label: string, handle: OpenDatabase, bytes: Uint8Array, planted: number) {
  const user = await signUp(handle.db, { email: `bench.${randomBytes(4).toString("hex")}@example.org`, name: "Bench", password: "correct horse battery" });
  const project = await createProject(handle.db, user.id, { title: "Import benchmark" });
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const [summary, importMs] = await time(() =>
    importSearch(handle.db, { projectId: project.id, userId: user.id, fileName: "synthetic.ris", bytes, options: { source: { name: "Synthetic", kind: "database" } } }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  // On a shared, overloaded machine wall time mostly measures waiting; this process's CPU time is
  // the work itself (for PGlite that includes the database, which runs in-process as WASM).
  console.log(
    `${label}: import of ${summary.recordCount} records (parse + insert + dedup, one transaction) ${(importMs / 1000).toFixed(2)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process; ` +
      `${summary.dedup.autoMerged} merged automatically (${planted} planted), ${summary.dedup.queued} queued; RSS ${(rssBefore / 1048576).toFixed(0)} → ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
  );
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const { parseMs, insertMs, indexMs, dedupMs } = summary.timings;
  console.log(`  steps (wall): parse + rows + search vectors ${s(parseMs)}, INSERTs ${s(insertMs)}, GIN pending-list merge + ANALYZE ${s(indexMs)}, dedup + writes ${s(dedupMs)}`);
  const queries: [string, () => Promise<unknown>][] = [
    ["page 1, import order", () => listRecords(handle.db, project.id, {})],
    ["sort by title", () => listRecords(handle.db, project.id, { sort: "title" })],
    ["sort by year desc, page 900", () => listRecords(handle.db, project.id, { sort: "year", desc: true, offset: 45_000 })],
    ["search 'hippocampus insula'", () => listRecords(handle.db, project.id, { q: "hippocampus insula" })],
    ["search 'precun' (prefix) + sort title", () => listRecords(handle.db, project.id, { q: "precun", sort: "title" })],
    ["search '精神科'", () => listRecords(handle.db, project.id, { q: "精神科" })],
    ["search rare title word '4711'", () => listRecords(handle.db, project.id, { q: "4711" })],
    ["PRISMA identification counts", () => getIdentificationCounts(handle.db, project.id)],
  ];
  for (const [name, query] of queries) {
    await query();
    const [result, ms] = await time(query);
    const total = (result as { total?: number }).total;
    console.log(`  ${name}: ${ms.toFixed(0)} ms${total !== undefined ? ` (${total} matching)` : ""}`);
  }
}

const { bytes, planted } = risFile(RECORDS);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${RECORDS} RIS records, ${(bytes.length / 1048576).toFixed(1)} MB`);

const dir = mkdtempSync(path.join(tmpdir(), "concord-import-bench-"));
try {
  const pglite = await openDatabase(`pglite:${dir}`);
  await run("PGlite (file)", pglite, bytes, planted);
  await pglite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const name = `concord_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
try {
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pg = await openDatabase(url.toString());
  await run("PostgreSQL", pg, bytes, planted);
  await pg.close();
} catch (error) {
  console.log(`PostgreSQL: skipped (${error instanceof Error ? error.message : String(error)})`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
