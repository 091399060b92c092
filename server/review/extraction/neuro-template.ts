import type { FormDefinition } from "./form-schema";

/**
 * The ready neuroimaging extraction form (study level). Per-experiment data — foci, per-arm
 * outcomes, moderators, sample sizes, coordinate space — has its own fixed editor
 * (see document.ts), because the analyses depend on its exact shape.
 */
export const NEUROIMAGING_TEMPLATE: FormDefinition = {
  fields: [
    { key: "first_author", label: "First author", type: "text", section: "Study", required: true },
    { key: "year", label: "Year", type: "integer", section: "Study", required: true, min: 1950, max: 2100 },
    { key: "country", label: "Country", type: "text", section: "Study", required: false },
    { key: "design", label: "Design", type: "select", section: "Study", required: false, options: ["cross-sectional case-control", "longitudinal", "randomised controlled trial", "non-randomised intervention", "other"] },
    {
      key: "groups",
      label: "Groups",
      type: "table",
      section: "Participants",
      required: true,
      help: "One row per group (e.g. patients, healthy controls).",
      columns: [
        { key: "name", label: "Group", type: "text" },
        { key: "n", label: "n", type: "integer", min: 1 },
        { key: "mean_age", label: "Mean age (years)", type: "number", min: 0, max: 120 },
        { key: "female_pct", label: "% female", type: "number", min: 0, max: 100 },
      ],
    },
    { key: "illness_duration", label: "Illness duration (years, mean)", type: "number", section: "Participants", required: false, min: 0, max: 100 },
    { key: "pain_vas", label: "Pain score (VAS 0–10, mean)", type: "number", section: "Participants", required: false, min: 0, max: 10 },
    { key: "medication", label: "Patients on medication", type: "yesno", section: "Participants", required: false },
    { key: "field_strength", label: "Scanner field strength (T)", type: "select", section: "Imaging", required: false, options: ["1.5", "3", "7", "other"] },
    { key: "software", label: "Software", type: "select", section: "Imaging", required: false, options: ["SPM", "FSL", "AFNI", "DPABI/DPARSF", "REST", "FreeSurfer", "CONN", "other"] },
    { key: "smoothing_fwhm", label: "Smoothing FWHM (mm)", type: "number", section: "Imaging", required: false, min: 0, max: 30 },
    { key: "analysis_method", label: "Analysis method", type: "multiselect", section: "Imaging", required: true, options: ["ReHo", "ALFF", "fALFF", "mALFF", "FC", "VBM", "task activation", "DTI", "other"] },
    { key: "correction", label: "Multiple-comparison correction", type: "select", section: "Statistics", required: false, options: ["FWE", "FDR", "AlphaSim / 3dClustSim", "GRF", "TFCE", "uncorrected", "other"] },
    { key: "threshold", label: "Threshold (as reported)", type: "text", section: "Statistics", required: false, help: "e.g. voxel p < 0.001, cluster FWE p < 0.05" },
    { key: "coordinate_space", label: "Coordinate space", type: "select", section: "Statistics", required: true, options: ["MNI", "Talairach"] },
    { key: "extracted_on", label: "Data extracted on", type: "date", section: "Notes", required: false },
    { key: "notes", label: "Notes", type: "text", section: "Notes", required: false },
  ],
};
