// `npm run records -- parse <file> [--format F] [--out records.jsonl]`
// `npm run records -- dedup <file>... [--format F] [--out groups.json]`
// The same engine functions the app's import service calls (parseCitations, findDuplicates).
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { CITATION_FORMATS, ImportError, dedupFiles, openCitations, type CitationFormat } from "@/server/engine/records";

const formatOption = () => new Option("-f, --format <format>", "input format").choices(["auto", ...CITATION_FORMATS]).default("auto");

async function parseCommand(file: string, opts: { format: CitationFormat | "auto"; out?: string }): Promise<void> {
  const stream = openCitations(readFileSync(file), { fileName: path.basename(file), format: opts.format });
  const out = opts.out ? createWriteStream(opts.out) : null;
  const fields: Record<string, number> = {};
  let count = 0;
  for (const record of stream.records) {
    count++;
    for (const f in record.raw) fields[f] = (fields[f] ?? 0) + 1;
    if (out && !out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  if (out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  console.log(`format: ${stream.format} (${stream.encoding})`);
  console.log(`records: ${count}`);
  if (stream.csvMapping) console.log(`csv mapping: ${JSON.stringify(stream.csvMapping)}`);
  console.log(`fields: ${Object.entries(fields).map(([f, n]) => `${f}=${n}`).join(" ")}`);
  console.log(`warnings: ${stream.warnings.length}`);
  for (const w of stream.warnings.slice(0, 50)) {
    console.log(`  ${[w.record !== undefined ? `record ${w.record}` : null, w.line !== undefined ? `line ${w.line}` : null, w.field].filter(Boolean).join(", ")}: ${w.message}`);
  }
  if (stream.warnings.length > 50) console.log(`  … ${stream.warnings.length - 50} more`);
  if (opts.out) console.log(`wrote ${opts.out}`);
}

function dedupCommand(files: string[], opts: { format: CitationFormat | "auto"; out?: string }): void {
  const started = performance.now();
  const result = dedupFiles(files, { format: opts.format });
  for (const input of result.inputs) console.log(`${input.file}: ${input.format}, ${input.records} records, ${input.warnings} warnings`);
  const s = result.stats;
  console.log(`records: ${s.records}; compared pairs: ${s.comparedPairs}`);
  console.log(`auto groups: ${s.autoGroups} (${s.duplicatesRemoved} duplicates merged); review groups: ${s.reviewGroups}`);
  console.log(`time: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  if (opts.out) {
    writeFileSync(opts.out, JSON.stringify(result, null, 1));
    console.log(`wrote ${opts.out}`);
  }
}

const program = new Command("records").description("Parse and deduplicate bibliographic search exports");
program.command("parse").argument("<file>").addOption(formatOption()).option("-o, --out <file>", "write records as JSON lines").action(parseCommand);
program.command("dedup").argument("<files...>").addOption(formatOption()).option("-o, --out <file>", "write duplicate groups as JSON").action(dedupCommand);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ImportError) {
    console.error(`import error (${error.code}): ${error.message}`);
    process.exit(2);
  }
  throw error;
});
