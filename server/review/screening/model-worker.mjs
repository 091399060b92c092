// Worker-thread entry of the screening models (TF-IDF corpus + prioritiser per project), shared by
// every project of the server process.
//
// Plain .mjs so that it runs from any host (the tsx CLI, Vitest, a Next server): the TypeScript
// core is loaded with tsx's `tsImport`, which needs no loader flags. The host resolves this file
// with path.join(process.cwd(), …) because Turbopack cannot bundle `new URL("./x", import.meta.url)`
// worker references.
//
// Protocol: host → worker { id, key, op: "add" | "build" | "train" | "close", args }; worker → host
// { id, ok: true, result } or { id, ok: false, error }; { ready: true } once at start.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { ModelCore } = await tsImport("./model-core.ts", import.meta.url);
const models = new Map();

parentPort.on("message", ({ id, key, op, args }) => {
  try {
    if (op === "close") {
      models.delete(key);
      return parentPort.postMessage({ id, ok: true, result: null });
    }
    let core = models.get(key);
    if (!core) models.set(key, (core = new ModelCore()));
    const result = core[op](...args);
    parentPort.postMessage({ id, ok: true, result }, result && result.order ? [result.order.buffer] : []);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: String(err && err.stack ? err.stack : err) });
  }
});
parentPort.postMessage({ ready: true });
