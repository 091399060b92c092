// Worker-thread entry for the ALE Monte Carlo FWE loop.
//
// Plain .mjs so that it runs from any host (the tsx CLI, Vitest, the job worker, a Next server):
// the TypeScript core is loaded with tsx's `tsImport`, which needs no loader flags. The host
// resolves this file with path.join(process.cwd(), …) because bundlers (Next's Turbopack) cannot
// follow `new URL("./x", import.meta.url)` worker references.
//
// Protocol: workerData = { plan }. Host → worker: { type: "run", start, end }.
// Worker → host: { type: "ready" } once, then { type: "chunk", start, end, maxAle, maxClusterSize,
// maxClusterMass } per run message (Float64Array buffers transferred), or { type: "error", message }.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { MonteCarloRunner } = await tsImport("./monte-carlo-core.ts", import.meta.url);
const runner = new MonteCarloRunner(workerData.plan);

parentPort.on("message", (msg) => {
  if (msg.type !== "run") return;
  try {
    const c = runner.runRange(msg.start, msg.end);
    parentPort.postMessage(
      { type: "chunk", start: c.start, end: c.end, maxAle: c.maxAle, maxClusterSize: c.maxClusterSize, maxClusterMass: c.maxClusterMass },
      [c.maxAle.buffer, c.maxClusterSize.buffer, c.maxClusterMass.buffer],
    );
  } catch (err) {
    parentPort.postMessage({ type: "error", message: String(err && err.stack ? err.stack : err) });
  }
});
parentPort.postMessage({ type: "ready" });
