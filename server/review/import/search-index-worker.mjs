// Worker-thread entry that builds one import's search index (see search-index-job.ts).
//
// Plain .mjs so that it runs from any host (the tsx CLI, Vitest, a Next server): the TypeScript
// builder is loaded with tsx's `tsImport`, which needs no loader flags. The host resolves this file
// with path.join(process.cwd(), …) because Turbopack cannot bundle worker references.
//
// Protocol: host → worker { records: [{ id, title, otherTitles, authors, abstract }] } (any number
// of times), then { finish: true }; worker → host { index } (typed arrays transferred) or { error }.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { SourceIndexBuilder } = await tsImport("./search-index-builder.ts", import.meta.url);
const builder = new SourceIndexBuilder();

parentPort.on("message", (msg) => {
  try {
    if (msg.records) for (const r of msg.records) builder.add(r.id, r);
    if (msg.finish) {
      const index = builder.finish();
      parentPort.postMessage({ index }, [index.offsets.buffer, index.postings.buffer]);
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.stack ? err.stack : err) });
  }
});
