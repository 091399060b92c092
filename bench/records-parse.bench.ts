// Parse + dedup of 50,000 synthetic RIS records (bench/synthetic-ris.ts: ~10% duplicated with typical
// export differences: case, punctuation, DOI prefix, abbreviated journal, initials). Reports wall
// time of each stage and peak resident memory. Insert time belongs to the import service's bench.
import { loadavg } from "node:os";
import { findDuplicates, parseCitations } from "@/server/engine/records";
import { risFile } from "./synthetic-ris";

const RECORDS = Number(process.env.RECORDS ?? 50_000);
const { bytes, planted } = risFile(RECORDS);

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
console.log(`parse: ${parsed.records.length} records in ${parseS.toFixed(2)} s wall, ${parseCpuS.toFixed(2)} s CPU (${Math.round(parsed.records.length / parseS)} records/s)`);
console.log(`dedup: ${dedup.stats.comparedPairs} compared pairs, ${dedup.stats.autoGroups} auto groups (${dedup.stats.duplicatesRemoved} merged; ${planted} planted), ${dedup.stats.reviewGroups} review groups in ${dedupS.toFixed(2)} s wall, ${dedupCpuS.toFixed(2)} s CPU`);
console.log(`parse + dedup: ${(parseS + dedupS).toFixed(2)} s; peak RSS ${peakMb.toFixed(0)} MB`);
