// Public API of the effect-size meta-analysis engine: escalc → rma → verbs on the fit.
export { escalc, hedgesCorrection, backTransform, DEFAULT_ESCALC_OPTIONS, type EffectSize, type EscalcOptions } from "./escalc";
export { EFFECT_MEASURES, StudyInputError, type EffectMeasure, type StudyRecord } from "./study-input";
export { rma, interceptDesign, type RmaFit } from "./rma";
export {
  DEFAULT_RMA_CONTROL,
  DEFAULT_RMA_OPTIONS,
  TIGHT_RMA_CONTROL,
  type CoefTest,
  type Coefficient,
  type FitStats,
  type ModelData,
  type RmaControl,
  type RmaOptions,
  type Tau2Method,
} from "./model-types";
export { buildDesign, modelData, type Moderator } from "./moderators";
export { predict, type Prediction, type PredictOptions } from "./predict";
export { confint, DEFAULT_CONFINT_OPTIONS, type ConfintOptions, type HeterogeneityCi } from "./confint";
export { regtest, eggerClassic, type RegtestResult } from "./regtest";
export { ranktest, type RanktestResult } from "./ranktest";
export { trimfill, DEFAULT_TRIMFILL_OPTIONS, type TrimfillOptions, type TrimfillResult } from "./trimfill";
export { fsn, DEFAULT_FSN_OPTIONS, type FailSafeN, type FsnOptions } from "./fsn";
export { leave1out, influence, hatValues, type InfluenceRow, type LeaveOneOutRow } from "./leave1out";
export {
  fitSubgroups,
  fixedEffectPartition,
  separateTau2BetweenTest,
  subgroupModeratorTest,
  splitByGroup,
  type BetweenGroupTest,
  type SubgroupStudy,
} from "./subgroups";
export { parseCase, CaseInputError, type CaseInput } from "./case/case-input";
export { runCase } from "./case/run-case";
export { compareWithReference, METAFOR_TOLERANCE, RESULT_SECTIONS, type Comparison } from "./case/compare";
