/** Parses `aal_labels.tsv` (index TAB name, `#` comments) into index → name. */
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
