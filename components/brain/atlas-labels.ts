/** The AAL label names for the viewer's read-out (fetched once per page from /api/atlas). */

let cached: Promise<Map<number, string>> | null = null;

/** Parses `aal_labels.tsv` (index TAB name, `#` comments). */
export function parseLabelTsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith("#")) continue;
    const [index, name] = line.split("\t");
    const i = Number(index);
    if (Number.isInteger(i) && name) names.set(i, name.trim());
  }
  return names;
}

/** The label table, fetched at most once. */
export function loadAtlasLabels(): Promise<Map<number, string>> {
  cached ??= fetch("/api/atlas/aal_labels.tsv")
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`labels: HTTP ${r.status}`))))
    .then(parseLabelTsv)
    .catch((e) => {
      cached = null;
      throw e;
    });
  return cached;
}
