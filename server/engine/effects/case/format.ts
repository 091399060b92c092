// Serialisers from engine results to the metafor reference layout (metafor names with "." → "_").
// Non-finite numbers become null, as R's NA/NaN/Inf do in the reference files.
import type { EffectSize } from "../escalc";
import { backTransform } from "../escalc";
import type { HeterogeneityCi } from "../confint";
import type { EffectMeasure } from "../study-input";
import type { RmaFit } from "../rma";
import { predict } from "../predict";

/** JSON value of a number: null for NaN and ±Infinity. */
export const n = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

const statKey = (fit: RmaFit) => (fit.ddf === null ? "zval" : "tval");
const isFe = (fit: RmaFit) => fit.options.method === "FE" || fit.options.method === "EE";

/** The transform label the reference files use. */
function transformLabel(measure: EffectMeasure): string | null {
  const bt = backTransform(measure);
  if (!bt) return null;
  return bt.name === "tanh" ? "tanh (Fisher z -> r, metafor transf.ztor)" : "exp";
}

/** `escalc` section. */
export function formatEscalc(measure: EffectMeasure, rows: EffectSize[]): Record<string, unknown> {
  const binary = measure === "RR" || measure === "OR" || measure === "RD";
  const settings: Record<string, unknown> = { measure };
  if (measure === "MD" || measure === "SMD" || measure === "ROM") settings.vtype = "LS";
  if (binary) Object.assign(settings, { add: 0.5, to: "only0", drop00: false });
  settings.ci = "yi +/- qnorm(0.975) * sqrt(vi)";
  const bt = backTransform(measure);
  const studies = rows.map((r) => {
    const row: Record<string, unknown> = { id: r.id, label: r.label, yi: n(r.yi), vi: n(r.vi), sei: n(r.sei), zi: n(r.zi), pval: n(r.pval), ci_lb: n(r.ciLb), ci_ub: n(r.ciUb) };
    if (r.smd) Object.assign(row, { sd_pooled: r.smd.sdPooled, d_uncorrected: r.smd.dUncorrected, hedges_correction_J: r.smd.hedgesJ, hedges_correction_J_approx: r.smd.hedgesJApprox });
    if (r.cells) Object.assign(row, { continuity_correction_added: r.cells.added, a_used: r.cells.a, b_used: r.cells.b, c_used: r.cells.c, d_used: r.cells.d });
    if (bt) Object.assign(row, { yi_back: bt.fn(r.yi), ci_lb_back: bt.fn(r.ciLb), ci_ub_back: bt.fn(r.ciUb) });
    return row;
  });
  return { settings, studies };
}

/** `fit_stats` block. */
export function formatFitStats(fit: RmaFit): Record<string, number | null> {
  const s = fit.fitStats;
  return {
    ll_ML: n(s.llML), dev_ML: n(s.devML), AIC_ML: n(s.aicML), BIC_ML: n(s.bicML), AICc_ML: n(s.aiccML),
    ll_REML: n(s.llREML), dev_REML: n(s.devREML), AIC_REML: n(s.aicREML), BIC_REML: n(s.bicREML), AICc_REML: n(s.aiccREML),
  };
}

/** An intercept-only model block (`models.*`, `knha.*`, subgroup and trim-and-fill models). */
export function formatModel(fit: RmaFit, measure: EffectMeasure): Record<string, unknown> {
  const c = fit.coefficients[0];
  const pr = predict(fit);
  const out: Record<string, unknown> = {
    method: fit.options.method,
    test: fit.ddf === null ? "z" : "knha",
    k: fit.k,
    estimate: n(c.estimate),
    se: n(c.se),
    [statKey(fit)]: n(c.stat),
  };
  if (fit.ddf !== null) out.df = fit.ddf;
  Object.assign(out, {
    pval: n(c.pval),
    ci_lb: n(c.ciLb),
    ci_ub: n(c.ciUb),
    tau2: n(fit.tau2),
    tau: n(Math.sqrt(fit.tau2)),
    se_tau2: n(fit.seTau2),
    I2: n(fit.I2),
    H2: n(fit.H2),
    QE: n(fit.QE),
    QE_df: fit.QEdf,
    QEp: n(fit.QEp),
    vt: n(fit.vt),
    weights_pct: Array.from(fit.weightsPct, n),
    weights_raw: Array.from(fit.weightsRaw, n),
    predict: { pred: n(pr.pred), se: n(pr.se), ci_lb: n(pr.ciLb), ci_ub: n(pr.ciUb), pi_lb: n(pr.piLb), pi_ub: n(pr.piUb) },
  });
  if (!isFe(fit) && fit.ddf === null) {
    const riley = predict(fit, { piType: "riley" });
    out.predict_t_kminus2 = { df: riley.piDf, pi_lb: n(riley.piLb), pi_ub: n(riley.piUb) };
  }
  if (fit.ddf !== null) out.knha_s2w = n(fit.s2w);
  const bt = backTransform(measure);
  if (bt) {
    const f = (x: number | null) => (x === null ? null : n(bt.fn(x)));
    out.back_transformed = { transform: transformLabel(measure), estimate: f(pr.pred), ci_lb: f(pr.ciLb), ci_ub: f(pr.ciUb), pi_lb: f(pr.piLb), pi_ub: f(pr.piUb) };
  }
  out.fit_stats = formatFitStats(fit);
  return out;
}

/** A model-with-moderators block (`metaregression.*`, `subgroups.moderator_test.*`). */
export function formatModeratorModel(fit: RmaFit): Record<string, unknown> {
  const key = statKey(fit);
  const out: Record<string, unknown> = {
    method: fit.options.method,
    test: fit.ddf === null ? "z" : "knha",
    k: fit.k,
    p: fit.p,
    coefficients: fit.coefficients.map((c) => ({ term: c.term, estimate: n(c.estimate), se: n(c.se), [key]: n(c.stat), pval: n(c.pval), ci_lb: n(c.ciLb), ci_ub: n(c.ciUb) })),
    QM: n(fit.QM),
    QM_df: fit.QMdf,
    QMp: n(fit.QMp),
    QE: n(fit.QE),
    QE_df: fit.QEdf,
    QEp: n(fit.QEp),
    tau2: n(fit.tau2),
    se_tau2: n(fit.seTau2),
    I2: n(fit.I2),
    H2: n(fit.H2),
    R2: n(fit.R2),
    vt: n(fit.vt),
  };
  if (fit.ddf !== null) out.df = fit.ddf;
  out.fit_stats = formatFitStats(fit);
  return out;
}

/** A `confint.*` block. */
export function formatConfint(ci: HeterogeneityCi): Record<string, unknown> {
  const iv = (i: { estimate: number; ciLb: number; ciUb: number }) => ({ estimate: n(i.estimate), ci_lb: n(i.ciLb), ci_ub: n(i.ciUb) });
  return {
    type: "Q-profile (metafor default for confint.rma.uni)",
    tau2: iv(ci.tau2),
    tau: iv(ci.tau),
    I2: iv(ci.I2),
    H2: iv(ci.H2),
    ci_null: ci.ciNull,
    lb_sign: ci.lbSign,
    ub_sign: ci.ubSign,
  };
}
