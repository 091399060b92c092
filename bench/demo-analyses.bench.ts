// Time from "start" to "results" for the demo project's analyses (issue: analysis runs), on a fresh
// embedded database: building the demo (every stage through the services), then each queued run
// executed by the same code the worker uses. `npx tsx bench/demo-analyses.bench.ts`
import { loadavg } from "node:os";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { analysisRuns } from "@/db/schema";
import { signUp } from "@/server/review/accounts/sign-up";
import { executeRun } from "@/server/review/analysis/execute-run";
import { createDemoProject } from "@/server/review/demo/create-demo";

const handle = await openDatabase(process.env.DATABASE_URL ?? "memory://");
const owner = await signUp(handle.db, { email: `bench.${Date.now()}@example.org`, name: "Bench", password: "bench-password-1" });
const t0 = performance.now();
const { runIds } = await createDemoProject(handle.db, owner);
const demoSeconds = (performance.now() - t0) / 1000;
const runs: Record<string, unknown>[] = [];
for (const id of runIds) {
  const start = performance.now();
  const status = await executeRun(handle.db, id, "bench");
  const [run] = await handle.db.select().from(analysisRuns).where(eq(analysisRuns.id, id));
  runs.push({ name: run.name, kind: run.kind, parameters: run.parameters, status, seconds: Number(((performance.now() - start) / 1000).toFixed(2)), timings: run.timings });
}
console.log(JSON.stringify({ database: handle.mode, loadAverage: loadavg().map((l) => Number(l.toFixed(1))), demoProjectSeconds: Number(demoSeconds.toFixed(1)), runs }, null, 1));
await handle.close();
