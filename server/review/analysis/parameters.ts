import { z } from "zod";

/**
 * Parameters of each kind of analysis, with the defaults of the literature:
 * ALE (Eickhoff 2012 / NiMARE): cluster-forming p < 0.001, 10,000 iterations, cluster-level FWE 0.05;
 * SDM (AES-SDM defaults): voxel p < 0.005, peak |z| ≥ 1, clusters ≥ 10 voxels, FWHM 20 mm;
 * effect sizes: REML random effects, Knapp–Hartung optional.
 */
export const aleParameters = z.object({
  clusterFormingP: z.number().gt(0).lt(0.05).default(0.001),
  iterations: z.number().int().min(100).max(100_000).default(10_000),
  fweAlpha: z.number().gt(0).lt(0.5).default(0.05),
  fwhmMm: z.number().positive().max(30).nullable().default(null),
  jackknife: z.boolean().default(false),
});

export const aleContrastParameters = aleParameters.extend({
  /** Experiments whose field `groupField` equals groupA / groupB form the two groups. */
  groupField: z.enum(["modality", "subgroup"]).default("modality"),
  groupA: z.string().min(1),
  groupB: z.string().min(1),
  permutations: z.number().int().min(100).max(100_000).default(10_000),
});

export const sdmParameters = z.object({
  voxelP: z.number().gt(0).lt(0.05).default(0.005),
  peakZ: z.number().min(0).default(1),
  minClusterVoxels: z.number().int().min(1).default(10),
  fwhmMm: z.number().positive().max(40).default(20),
  permutations: z.number().int().min(50).max(20_000).default(1000),
  tau2Method: z.enum(["DL", "REML"]).default("DL"),
  jackknife: z.boolean().default(false),
});

export const effectsParameters = z.object({
  measure: z.enum(["MD", "SMD", "RR", "OR", "RD", "ZCOR", "GEN"]).default("SMD"),
  method: z.enum(["EE", "DL", "REML", "ML", "PM", "HE", "SJ"]).default("REML"),
  knha: z.boolean().default(false),
  /** Outcome name (from the extraction's outcome data) to pool. */
  outcome: z.string().optional(),
  subgroupBy: z.string().optional(),
  moderator: z.string().optional(),
});

export const experimentFilter = z.object({
  modalities: z.array(z.string()).optional(),
  subgroups: z.array(z.string()).optional(),
  experimentIds: z.array(z.string()).optional(),
});
export type ExperimentFilter = z.infer<typeof experimentFilter>;

export const parametersByKind = {
  ale: aleParameters,
  ale_contrast: aleContrastParameters,
  ale_conjunction: aleContrastParameters,
  sdm: sdmParameters,
  effects: effectsParameters,
} as const;
