// Every figure of every metafor reference case (../shared/reference/metafor) must be reproduced
// within METAFOR_TOLERANCE, plus one edge-case check per case on what makes it special.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeShared, hasShared, sharedPath } from "@/tests/shared-data";
import { compareWithReference, METAFOR_TOLERANCE } from "./case/compare";
import { runCase } from "./case/run-case";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = sharedPath("reference", "metafor");
const files = hasShared ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
const load = (f: string): Json => JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));

/** What each case exists to exercise. */
const edgeChecks: Record<string, (ours: Json, ref: Json) => void> = {
  "edge_k2_md.json": (ours) => {
    // k = 2: Egger via rma with tau², the classic Egger test and every trim-and-fill are not estimable.
    for (const key of ["regtest_rma_DL", "regtest_rma_REML", "egger_classic_manual", "trimfill_FE", "trimfill_DL", "trimfill_REML"]) expect(ours.errors[key]).toBeTruthy();
    expect(ours.trimfill).toEqual([]);
    expect(ours.regtest.lm.stat).toBeNull();
    expect(ours.confint.REML.ub_sign).toBe(">");
    expect(ours.leave1out.REML.every((r: Json) => r.tau2 === 0 && r.Q === 0 && r.Qp === 1)).toBe(true);
  },
  "edge_homogeneous_gen.json": (ours) => {
    for (const m of ["DL", "REML", "PM", "HE", "ML"]) expect(ours.models[m].tau2).toBe(0);
    expect(ours.models.SJ.tau2).toBeGreaterThan(0);
    expect(ours.confint.REML.ci_null).toBe(true);
    expect([ours.confint.REML.lb_sign, ours.confint.REML.ub_sign]).toEqual(["<", "<"]);
  },
  "edge_zero_cell_or.json": (ours) => {
    const z1 = ours.escalc.studies[0];
    expect(z1.continuity_correction_added).toBe(0.5);
    expect(ours.escalc.studies.slice(1).every((s: Json) => s.continuity_correction_added === 0)).toBe(true);
  },
  "edge_zero_cell_rr.json": (ours) => expect(ours.escalc.studies[0].a_used).toBe(0.5),
  "michael2013_smd.json": (ours) => {
    const s = ours.escalc.studies[0];
    expect(s.hedges_correction_J).not.toBe(s.hedges_correction_J_approx);
    expect(s.yi).toBeCloseTo(s.d_uncorrected * s.hedges_correction_J, 14);
  },
  "normand1999_smd.json": (ours) => expect(ours.models.REML.tau2).toBeGreaterThan(0),
  "normand1999_md.json": (ours) => expect(ours.knha.DL.knha_s2w).toBeGreaterThan(0),
  "molloy2014_zcor.json": (ours) => {
    expect(ours.ranktest.ties).toBe(true);
    expect(ours.warnings.ranktest).toEqual(["Cannot compute exact p-value with ties"]);
  },
  "bcg_rr.json": (ours) => {
    expect(Number.isInteger(ours.trimfill.FE.k0)).toBe(true);
    expect(ours.trimfill.FE.filled_studies).toHaveLength(ours.trimfill.FE.k0);
  },
  "acupuncture_pain_md.json": (ours) => {
    // RevMan's fixed-effect Q-between equals the QM of the common-effect moderator model.
    expect(ours.subgroups.fixed_effect_partition.Qb).toBeCloseTo(ours.subgroups.moderator_test.FE.QM, 10);
  },
};

describeShared("metafor reference cases", () => {
  it("has a reference file for every edge check", () => {
    expect(files).toEqual(Object.keys(edgeChecks).sort());
  });

  for (const file of files) {
    it(`${file}: every figure within the tolerance table`, () => {
      const ref = load(file);
      const ours = runCase(ref);
      const c = compareWithReference(ours, ref, METAFOR_TOLERANCE);
      expect(c.mismatches).toEqual([]);
      expect(c.compared).toBeGreaterThan(500);
    });

    it(`${file}: edge case`, () => {
      const ref = load(file);
      edgeChecks[file](runCase(ref), ref);
    });
  }
});
