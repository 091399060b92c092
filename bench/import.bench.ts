// Import of 50,000 synthetic RIS records through the real service (parse + streamed COPY + dedup
// against the project, one transaction) on file-backed PGlite and on PostgreSQL, then the records
// table's queries at that size (search, sort, deep page, counts). ~10% of records are planted
// duplicates with typical export differences. PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/test (a scratch database is created and dropped).
//
//   npx tsx bench/import.bench.ts            (RECORDS=… for another size)
//
// The file is written once; each database runs in its own child process, whose peak RSS is the
// import's memory (file bytes, parser, rows, dedup, search index, and for PGlite the database).
// Last, the same file is imported again into the project: every record is a duplicate (the stress
// case for dedup's pool and writes), reported with the peak RSS after it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { risFile } from "./synthetic-ris";

const RECORDS = Number(process.env.RECORDS ?? 50_000);
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
      `${summary.dedup.autoMerged} merged automatically (${planted} planted), ${summary.dedup.queued} queued; RSS ${(rssBefore / 1048576).toFixed(0)} → ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, peak so far ${peakMb()} MB`,
  );
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const { parseMs, insertMs, indexMs, dedupMs } = summary.timings;
  console.log(`  steps (wall): parse + rows ${s(parseMs)}, waiting for COPY ${s(insertMs)}, ANALYZE ${s(indexMs)}, dedup + writes ${s(dedupMs)}`);
  // the search index may still be finishing in its worker thread when the import commits
  const [found, firstSearchMs] = await time(() => listRecords(handle.db, project.id, { q: "hippocampus insula" }));
  console.log(`  first search right after the import (waits for the search index): ${firstSearchMs.toFixed(0)} ms (${found.total} matching)`);
  // a transaction is another handle with an empty index cache: what the first search after a restart costs
  const [, coldMs] = await time(() => handle.db.transaction((tx) => listRecords(tx, project.id, { q: "hippocampus insula" })));
  console.log(`  first search after a restart (index rebuilt from the tables): ${coldMs.toFixed(0)} ms`);
  const queries: [string, () => Promise<unknown>][] = [
    ["page 1, import order", () => listRecords(handle.db, project.id, {})],
    ["sort by title", () => listRecords(handle.db, project.id, { sort: "title" })],
    ["sort by year desc, page 900", () => listRecords(handle.db, project.id, { sort: "year", desc: true, offset: 45_000 })],
    ["search 'hippocampus insula'", () => listRecords(handle.db, project.id, { q: "hippocampus insula" })],
    ["search 'precun' (prefix) + sort title", () => listRecords(handle.db, project.id, { q: "precun", sort: "title" })],
    ["search '精神科'", () => listRecords(handle.db, project.id, { q: "精神科" })],
    ["search 'c' (prefix of most words) + sort year, page 100", () => listRecords(handle.db, project.id, { q: "c", sort: "year", offset: 5000 })],
    ["search rare title word '4711'", () => listRecords(handle.db, project.id, { q: "4711" })],
    ["PRISMA identification counts", () => getIdentificationCounts(handle.db, project.id)],
  ];
  for (const [name, query] of queries) {
    await query();
    const [result, ms] = await time(query);
    const total = (result as { total?: number }).total;
    console.log(`  ${name}: ${ms.toFixed(0)} ms${total !== undefined ? ` (${total} matching)` : ""}`);
  }
  console.log(`  peak RSS of this process so far (import + queries): ${peakMb()} MB`);
  // the stress case: the same export again (confirmed), so every record merges into one already there
  const [again, againMs] = await time(() =>
    importSearch(handle.db, { projectId: project.id, userId: user.id, fileName: "synthetic.ris", bytes, options: { source: { name: "Synthetic again", kind: "database" }, confirmDuplicateFile: true } }),
  );
  console.log(
    `  the same file again into that project: ${(againMs / 1000).toFixed(2)} s wall, ${again.dedup.autoMerged} merged automatically, ${again.dedup.queued} queued ` +
      `(dedup + writes ${(again.timings.dedupMs / 1000).toFixed(2)} s over a pool of ${summary.recordCount - summary.dedup.autoMerged + again.recordCount} records); peak RSS now ${peakMb()} MB`,
  );
}

const peakMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

/** Imports into the embedded database the parent created at `dir` (reopened, as on every start but the first). */
async function runPglite(bytes: Uint8Array, planted: number, dir: string) {
  const pglite = await openDatabase(`pglite:${dir}`);
  await run("PGlite (file)", pglite, bytes, planted);
  await pglite.close();
}

async function runPostgres(bytes: Uint8Array, planted: number) {
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
}

const [role, target, file, plantedArg, pgliteDir] = process.argv.slice(2);
if (role === "child") {
  // the upload as the import receives it: one copy of the file's bytes
  const bytes: Uint8Array = readFileSync(file);
  if (target === "pglite") await runPglite(bytes, Number(plantedArg), pgliteDir);
  else await runPostgres(bytes, Number(plantedArg));
} else {
  const { bytes, planted } = risFile(RECORDS);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${RECORDS} RIS records, ${(bytes.length / 1048576).toFixed(1)} MB`);
  const dir = mkdtempSync(path.join(tmpdir(), "concord-import-file-"));
  const ris = path.join(dir, "synthetic.ris");
  writeFileSync(ris, bytes);
  try {
    // The embedded database is created (initdb + migrations, ~800 MB of WebAssembly memory at its
    // peak) here, not in the measured child: the app does that once, on its very first start.
    const pgliteDir = path.join(dir, "pglite");
    await (await openDatabase(`pglite:${pgliteDir}`)).close();
    for (const db of ["pglite", "postgres"]) {
      spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "child", db, ris, String(planted), pgliteDir], { stdio: "inherit" });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
