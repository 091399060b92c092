/**
 * Public API of the SDM engine (AES-SDM-style effect-size signed differential mapping).
 * See README.md in this folder for the method and the API.
 */
export { fitSdm, SDM_ENGINE, type SdmMaps, type SdmParams, type SdmResult } from "./fit-sdm";
export { DEFAULT_SDM_OPTIONS, DEFAULT_SDM_THRESHOLD, defaultThreads, resolveSdmOptions, type SdmCorrection, type SdmOptions, type SdmOptionsInput, type SdmThresholdOptions } from "./options";
export { DEFAULT_KERNEL_OPTIONS, type KernelOptions } from "./kernel";
export type { SdmCluster, StudyAtPeak } from "./cluster-report";
export type { PeakStatistic, SdmDataset, SdmExperiment, SdmFocus, StudyThreshold } from "./types";
export type { StudyMapMode } from "./study-values";
export type { PermutationProgress, PermutationNull } from "./permutation-pool";
export { jackknifeSdm, type JackknifeResult } from "./jackknife";
export { metaRegressionSdm, type SdmRegressionResult } from "./meta-regression-sdm";
export { subgroupSdm, type SubgroupOutcome } from "./subgroups";
export { overlapSdm, type OverlapResult } from "./overlap";
export { eggerTest, type EggerTest } from "./egger";
export { randomEffects, type PooledEffect, type Tau2Method } from "./random-effects";
export { metaRegression, type MetaRegressionFit } from "./meta-regression";
export { hedgesGVariance, statisticToT, studyDesign, tToHedgesG } from "./effect-size";
export { readSdmFolder, parseSdmFolderContents, brettTal2Mni, brettMni2Tal } from "./sdm-folder";
export { formatSdmFolder, writeSdmFolder } from "./sdm-folder-writer";
export { formatSdmJson, parseSdmJson } from "./sdm-json";
export { writeSdmOutputs, SDM_MAP_FILES } from "./write-outputs";
export { toVolume } from "./space";
