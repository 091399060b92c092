// Client-side shapes of the extraction draft (values as typed) — see server/review/extraction/document.ts.
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;
export interface ExperimentDraft {
  n1?: Cell;
  n2?: Cell;
  space?: "MNI" | "TAL";
  software?: "spm" | "fsl" | "other";
  foci?: Row[];
  outcomes?: Row[];
  moderators?: Row[];
}
export interface Draft {
  fields: Record<string, unknown>;
  experiments: Record<string, ExperimentDraft>;
}
export const emptyExperiment = (): ExperimentDraft => ({ n1: "", n2: "", space: "MNI", software: "spm", foci: [], outcomes: [], moderators: [] });
