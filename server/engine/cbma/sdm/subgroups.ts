/**
 * Subgroup analyses (cbma.md B7): one SDM meta-analysis per value of an experiment attribute
 * (e.g. `modality`: ReHo, ALFF), with the same options; the combined analysis is the caller's
 * `fitSdm` on all studies.
 */
import { fitSdm, type SdmResult } from "./fit-sdm";
import type { SdmOptionsInput } from "./options";
import type { SdmDataset } from "./types";

/** One subgroup's analysis, or why it was skipped. */
export type SubgroupOutcome =
  | { value: string; studies: string[]; result: SdmResult }
  | { value: string; studies: string[]; skipped: string };

/**
 * Fits one analysis per distinct value of `attribute` (studies without it are left out).
 * Subgroups with fewer than `minStudies` (default 2) studies are skipped with the reason.
 */
export async function subgroupSdm(
  input: SdmDataset,
  attribute: string,
  options: SdmOptionsInput & { minStudies?: number } = {},
): Promise<SubgroupOutcome[]> {
  const { minStudies = 2, ...fitOptions } = options;
  const groups = new Map<string, string[]>();
  for (const e of input.experiments) {
    const v = e.attributes?.[attribute];
    if (v === null || v === undefined || v === "") continue;
    const key = String(v);
    groups.set(key, [...(groups.get(key) ?? []), e.id]);
  }
  if (groups.size === 0) throw new Error(`subgroups: no study has the attribute "${attribute}"`);
  const outcomes: SubgroupOutcome[] = [];
  for (const [value, ids] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (ids.length < minStudies) {
      outcomes.push({ value, studies: ids, skipped: `${ids.length} studies (need ≥ ${minStudies})` });
      continue;
    }
    const keep = new Set(ids);
    const subset: SdmDataset = { ...input, name: `${input.name} [${attribute} = ${value}]`, experiments: input.experiments.filter((e) => keep.has(e.id)) };
    const onProgress = fitOptions.onProgress;
    const result = await fitSdm(subset, {
      ...fitOptions,
      onProgress: onProgress ? (p) => onProgress({ ...p, stage: `subgroup ${attribute}=${value}` }) : undefined,
    });
    outcomes.push({ value, studies: ids, result });
  }
  return outcomes;
}
