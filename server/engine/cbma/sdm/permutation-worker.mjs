// Worker-thread entry of the SDM permutation null.
//
// Plain .mjs so that it runs from any host (the tsx CLI, Vitest, the job worker, a Next server):
// the TypeScript core is loaded with tsx's `tsImport`, which needs no loader flags. The host
// resolves this file with path.join(process.cwd(), …) because bundlers (Next's Turbopack) cannot
// follow `new URL("./x", import.meta.url)` worker references.
//
// Protocol: workerData = the PermutationPlan. Host → worker: { type: "run", from, to } runs
// iterations [from, to); { type: "finish" } asks for the pooled |z| histogram.
// Worker → host: { type: "ready" } once; { type: "chunk", from, maxAbs } per run;
// { type: "histogram", histogram } on finish; { type: "error", message } on failure.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { PermutationRunner } = await tsImport("./permutation.ts", import.meta.url);
const runner = new PermutationRunner(workerData);

parentPort.on("message", (msg) => {
  try {
    if (msg.type === "run") {
      const maxAbs = new Float64Array(msg.to - msg.from);
      for (let t = msg.from; t < msg.to; t++) maxAbs[t - msg.from] = runner.run(t);
      parentPort.postMessage({ type: "chunk", from: msg.from, maxAbs }, [maxAbs.buffer]);
    } else if (msg.type === "finish") {
      parentPort.postMessage({ type: "histogram", histogram: runner.histogram });
    }
  } catch (err) {
    parentPort.postMessage({ type: "error", message: String(err && err.stack ? err.stack : err) });
  }
});
parentPort.postMessage({ type: "ready" });
