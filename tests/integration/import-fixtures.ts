// Small hand-written search exports for the import and dedup integration tests. They describe
// overlapping searches of one topic, so records recur across "databases" the way real ones do.
const crlf = (lines: string[]) => lines.join("\r\n") + "\r\n";

/** 4 records, RIS as PubMed writes it: CRLF, a multi-line abstract, a Chinese record. */
export const pubmedRis = crlf([
  "TY  - JOUR",
  "TI  - Altered regional homogeneity in chronic low back pain: a resting-state fMRI study",
  "AU  - Zhang, Wei",
  "AU  - Müller, Anna",
  "PY  - 2019",
  "T2  - NeuroImage",
  "VL  - 190",
  "SP  - 120",
  "EP  - 128",
  "DO  - 10.1016/j.neuroimage.2019.01.001",
  "AN  - 30600001",
  "AB  - Chronic low back pain is associated with changes in spontaneous brain activity.",
  "      We measured regional homogeneity in 40 patients and 40 controls.",
  "KW  - regional homogeneity",
  "KW  - chronic pain",
  "ID  - pm1",
  "ER  - ",
  "TY  - JOUR",
  "TI  - Amplitude of low-frequency fluctuation in fibromyalgia",
  "AU  - García, Luis",
  "AU  - Kim, Soo",
  "PY  - 2021",
  "T2  - Human Brain Mapping",
  "VL  - 42",
  "SP  - 3301",
  "EP  - 3312",
  "DO  - 10.1002/hbm.25431",
  "AB  - ALFF was increased in the insula of patients with fibromyalgia.",
  "ID  - pm2",
  "ER  - ",
  "TY  - JOUR",
  "TI  - 慢性腰痛患者静息态脑功能磁共振成像研究",
  "TT  - Resting-state functional MRI in patients with chronic low back pain",
  "AU  - 王, 伟",
  "AU  - 李, 娜",
  "PY  - 2020",
  "T2  - 中华医学杂志",
  "VL  - 100",
  "SP  - 55",
  "EP  - 60",
  "AB  - 目的 探讨慢性腰痛患者的局部一致性改变。",
  "ID  - pm3",
  "ER  - ",
  "TY  - JOUR",
  "TI  - Default mode network connectivity after spinal manipulation",
  "AU  - Rossi, Marco",
  "PY  - 2018",
  "T2  - Pain",
  "VL  - 159",
  "SP  - 1001",
  "EP  - 1010",
  "DO  - 10.1097/j.pain.0000000000001234",
  "ID  - pm4",
  "ER  - ",
]);

/**
 * 4 records in PubMed MEDLINE format: one shares the PMID of pubmedRis record 1, one is the same
 * study as pubmedRis record 4 with a longer title, one resembles bibtex record 2 (review queue).
 */
export const medline = [
  "PMID- 30600001",
  "TI  - Altered regional homogeneity in chronic low back pain: a resting-state fMRI",
  "      study.",
  "AB  - Chronic low back pain is associated with changes in spontaneous brain activity.",
  "FAU - Zhang, Wei",
  "AU  - Zhang W",
  "FAU - Muller, Anna",
  "AU  - Muller A",
  "DP  - 2019 Apr",
  "TA  - Neuroimage",
  "JT  - NeuroImage",
  "VI  - 190",
  "PG  - 120-8",
  "LID - 10.1016/j.neuroimage.2019.01.001 [doi]",
  "",
  "PMID- 31111111",
  "TI  - Insular cortex thickness in migraine without aura.",
  "FAU - Novak, Petr",
  "AU  - Novak P",
  "DP  - 2017",
  "JT  - Cephalalgia",
  "VI  - 37",
  "PG  - 500-509",
  "",
  "PMID- 32222222",
  "TI  - Default mode network connectivity changes after spinal manipulation therapy.",
  "FAU - Rossi, Marco",
  "AU  - Rossi M",
  "DP  - 2018",
  "JT  - Pain",
  "VI  - 159",
  "PG  - 1001-1010",
  "",
  "PMID- 33333333",
  "TI  - Hippocampal volume and pain catastrophising in adults.",
  "FAU - Dubois, Claire",
  "AU  - Dubois C",
  "DP  - 2016",
  "JT  - Pain Medicine",
  "",
].join("\n");

/** 2 BibTeX entries. */
export const bibtex = `@article{tanaka2022,
  title = {Striatal reward response in {chronic} back pain},
  author = {Tanaka, Yuki and Jensen, Lars},
  journal = {Brain},
  year = {2022},
  volume = {145},
  pages = {77--89},
  doi = {10.1093/brain/awab999}
}
@article{dubois2016,
  title = {Hippocampal volume and pain catastrophizing},
  author = {Dubois, Claire},
  journal = {The Journal of Pain},
  year = {2016},
  volume = {17},
  pages = {900--909}
}
`;

/** 3 records with the Scopus CSV header layout; record 2 has the DOI of pubmedRis record 2. */
export const scopusCsv =
  "\uFEFF" +
  [
    'Authors,Author full names,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,DOI,Link,Abstract,Author Keywords,Document Type,PubMed ID,EID',
    '"Ivanova A.","Ivanova, Anna (1)","Thalamic connectivity in neuropathic pain",2020,"Pain",161,3,,450,460,10.1097/j.pain.0000000000001700,https://example.org/1,"We studied thalamic connectivity.","thalamus; neuropathic pain",Article,,2-s2.0-1',
    '"García L., Kim S.","García, Luis (1); Kim, Soo (2)","Amplitude of low-frequency fluctuation in fibromyalgia",2021,"Human Brain Mapping",42,10,,3301,3312,10.1002/hbm.25431,https://example.org/2,"ALFF was increased in the insula of patients with fibromyalgia.",ALFF,Article,,2-s2.0-2',
    '"Okafor C.","Okafor, Chidi (1)","Cerebellar activation during ""painful"" heat, a meta-analysis",2015,"NeuroImage",110,,,1,12,,https://example.org/3,"Multi-line',
    'abstract here.",,Review,,2-s2.0-3',
  ].join("\r\n") +
  "\r\n";

/** A RIS file whose third record is cut off (no ER, and a line that is not a tag). */
export const truncatedRis = crlf([
  "TY  - JOUR",
  "TI  - First record",
  "ER  - ",
  "TY  - JOUR",
  "TI  - Second record",
  "ER  - ",
  "TY  - JOUR",
  "TI  - Third record that never ends",
  "AU  - Smith, J",
]);

export const bytes = (text: string) => new TextEncoder().encode(text);

import type { Db } from "@/db/client";
import { handleImportRequest } from "@/server/review/import/http";
import type { SessionUser } from "@/server/trpc";

/** Posts a file to the import route handler exactly as the browser does (multipart file + options JSON). */
export async function postImport(
  db: Db,
  user: SessionUser | null,
  projectId: string,
  file: { name: string; content: string | Uint8Array },
  options: Record<string, unknown>,
  step: "preview" | "commit" = "commit",
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  const content = typeof file.content === "string" ? bytes(file.content) : file.content;
  form.set("file", new File([content as BlobPart], file.name));
  form.set("options", JSON.stringify(options));
  const request = new Request(`http://localhost/api/projects/${projectId}/import?step=${step}`, { method: "POST", body: form });
  const response = await handleImportRequest(db, user, projectId, request);
  return { status: response.status, body: await response.json() };
}

/** Commit options for a source named `name` (a database searched on 2024-05-01). */
export const sourceOptions = (name: string, extra: Record<string, unknown> = {}) => ({
  source: { name, kind: "database", searchDate: "2024-05-01", query: `(pain) AND (fMRI) [${name}]`, notes: "" },
  ...extra,
});
