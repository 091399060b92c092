/**
 * Worker-thread entry of the SDM permutation null. Protocol (messages from the parent):
 * `{ type: "run", from, to }` runs iterations [from, to) and answers `{ type: "chunk", from, maxAbs }`;
 * `{ type: "finish" }` answers `{ type: "histogram", histogram }` and closes. The plan arrives
 * as `workerData`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PermutationRunner, type PermutationPlan } from "./permutation";

if (!parentPort) throw new Error("permutation-worker must run in a worker thread");
const port = parentPort;
const runner = new PermutationRunner(workerData as PermutationPlan);

port.on("message", (message: { type: "run"; from: number; to: number } | { type: "finish" }) => {
  if (message.type === "run") {
    const maxAbs = new Float64Array(message.to - message.from);
    for (let t = message.from; t < message.to; t++) maxAbs[t - message.from] = runner.run(t);
    port.postMessage({ type: "chunk", from: message.from, maxAbs });
  } else {
    port.postMessage({ type: "histogram", histogram: runner.histogram });
    port.close();
  }
});
port.postMessage({ type: "ready" });
