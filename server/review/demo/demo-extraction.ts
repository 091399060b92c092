import { icbm2tal } from "@/server/engine/cbma/coordinates";
import type { DemoCandidate } from "./demo-corpus";

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The extraction form's study fields for a candidate (the neuroimaging template's keys). */
export function demoFields(c: DemoCandidate) {
  return {
    first_author: c.firstAuthor,
    year: c.year,
    country: c.country,
    design: "cross-sectional case-control",
    groups: [
      { name: "CLBP", n: c.n1, mean_age: r1(38 + (c.n1 % 9)), female_pct: r1(45 + (c.n1 % 20)) },
      { name: "Healthy controls", n: c.n2, mean_age: r1(37 + (c.n2 % 9)), female_pct: r1(44 + (c.n2 % 20)) },
    ],
    illness_duration: r1(c.durationYears),
    pain_vas: r1(c.painVas),
    medication: c.n1 % 2 === 0,
    field_strength: "3",
    software: "DPABI/DPARSF",
    smoothing_fwhm: 4,
    analysis_method: c.modalities,
    correction: "GRF",
    threshold: "voxel p < 0.001, cluster p < 0.05 (GRF corrected)",
    coordinate_space: c.space,
  };
}

/**
 * One experiment's data as a reviewer types it: peaks in the paper's space (Talairach papers
 * report Talairach coordinates; Concord converts them), group sizes, the BDI outcome on the first
 * experiment only (so a study is not counted twice) and study-level moderators.
 */
export function demoExperimentData(c: DemoCandidate, modalityIndex: number, slip = false) {
  const foci = c.peaks.map((p, i) => {
    const [x, y, z] = c.space === "Talairach" ? icbm2tal([p.x, p.y, p.z]).map((v) => Math.round(v)) : [p.x, p.y, p.z];
    // scale peak t a little per modality so ReHo and ALFF experiments are not identical
    const t = r1(p.t * (modalityIndex ? 0.92 : 1));
    return { x, y: slip && i === 0 ? y + 4 : y, z, statistic: "t", value: t, direction: t < 0 ? "decrease" : "increase", region: p.region === "other" ? "" : p.region };
  });
  const outcomes =
    modalityIndex === 0
      ? [
          { outcome: "BDI", arm: "CLBP", group: 1, timePoint: "", n: c.n1, mean: r1(c.bdi[0]), sd: r1(c.bdi[1]), events: null, total: null },
          { outcome: "BDI", arm: "Healthy controls", group: 2, timePoint: "", n: c.n2, mean: r1(c.bdi[2]), sd: r1(c.bdi[3]), events: null, total: null },
        ]
      : [];
  return {
    n1: c.n1,
    n2: c.n2,
    space: c.space === "Talairach" ? "TAL" : "MNI",
    software: "spm",
    foci,
    outcomes,
    moderators: [
      { name: "pain_vas", value: r1(c.painVas) },
      { name: "illness_duration", value: r1(c.durationYears) },
    ],
  };
}

/** Quality scores on the 10-point checklist (q1…q10), 1 / 0.5 / 0. */
export function demoQualityScores(c: DemoCandidate, variant = 0) {
  const base = [1, 1, c.n1 >= 20 ? 1 : 0.5, 1, 0.5, 1, c.space === "MNI" ? 1 : 0.5, 1, c.peaks.length > 2 ? 1 : 0.5, 0.5];
  if (variant) base[4] = base[4] === 1 ? 0.5 : 1;
  return Object.fromEntries(base.map((score, i) => [`q${i + 1}`, { score, note: "" }]));
}
