import { describe, expect, it } from "vitest";
import { searchSource, SourceIndexBuilder } from "./search-index";
import { recordWords, searchConditions, searchTerms } from "./search-text";

type Fields = Parameters<typeof recordWords>[0];
const record = (title: string, abstract = "", authors: string[] = [], otherTitles: string[] = []): Fields => ({ title, abstract, authors, otherTitles });

function indexOf(fields: Fields[]) {
  const builder = new SourceIndexBuilder();
  fields.forEach((f, i) => builder.add(`r${i}`, f));
  return builder.finish();
}
const find = (fields: Fields[], q: string) => searchSource(indexOf(fields), searchConditions(q)!);

describe("in-memory record search", () => {
  const corpus = [
    record("Regional homogeneity in chronic low back pain", "Resting-state fMRI of 40 patients.", ["Zhang, Wei"]),
    record("Amygdala connectivity in adolescents", "Functional connectivity of the amygdala.", ["Müller, Anna"]),
    record("慢性腰痛患者静息态脑功能研究", "", ["王, 伟"], ["Resting-state brain function in chronic low back pain"]),
    record("Pain and the precuneus", null as unknown as string, []),
  ];

  it("matches every word as a prefix, all words required, case and accents folded", () => {
    expect(find(corpus, "connect")).toEqual(["r1"]);
    expect(find(corpus, "CHRONIC pain")).toEqual(["r0", "r2"]);
    expect(find(corpus, "chronic precun")).toEqual([]);
    expect(find(corpus, "muller")).toEqual(["r1"]);
    expect(find(corpus, "Müller")).toEqual(["r1"]);
    expect(find(corpus, "resting state")).toEqual(["r0", "r2"]);
  });

  it("matches a run of CJK characters as a phrase", () => {
    expect(find(corpus, "腰痛")).toEqual(["r2"]);
    expect(find(corpus, "痛腰")).toEqual([]);
    expect(find(corpus, "王")).toEqual(["r2"]);
  });

  it("finds exactly what a scan of every record's words finds", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const vocabulary = "pain painful pan cortex cortical amygdala amyg insula in the of connectivity connect 脑 功 能 腰 痛".split(" ");
    const text = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(" ");
    const records = Array.from({ length: 300 }, () => record(text(6), text(30), [text(2)]));
    const index = indexOf(records);
    for (let q = 0; q < 200; q++) {
      const query = text(1 + Math.floor(rand() * 3));
      const conditions = searchConditions(query)!;
      const expected = records
        .map((r, i) => ({ terms: searchTerms(recordWords(r)), id: `r${i}` }))
        .filter(({ terms }) => conditions.every((c) => ("prefix" in c ? terms.some((t) => t.startsWith(c.prefix)) : terms.includes(c.term))))
        .map(({ id }) => id);
      expect(searchSource(index, conditions), query).toEqual(expected);
    }
  });
});

describe("the import's index job", () => {
  it("builds the same index in its worker thread as in-process", async () => {
    const { indexWorkerOptions, startIndexJob } = await import("./search-index-job");
    const fields = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, title: `Pain ${i} 腰痛`, abstract: i % 2 ? "default mode network" : "", authors: [`Li, ${i}`], otherTitles: [] }));
    const saved = indexWorkerOptions.minRecords;
    indexWorkerOptions.minRecords = 0;
    try {
      const job = startIndexJob(1, true);
      job.add(fields.slice(0, 20));
      job.add(fields.slice(20));
      const fromWorker = await job.finish();
      const local = new SourceIndexBuilder();
      for (const f of fields) local.add(f.id, f);
      expect(fromWorker).toEqual(local.finish());
      expect(searchSource(fromWorker, searchConditions("netw 腰痛")!)).toHaveLength(25);
    } finally {
      indexWorkerOptions.minRecords = saved;
    }
  }, 30_000);
});
