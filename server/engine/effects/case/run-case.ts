// The CLI core: run every analysis of a case and return it under the reference files' keys
// (escalc, models, models_tight, knha, confint, regtest, ranktest, trimfill, fsn, leave1out,
// influence, subgroups, metaregression, errors, warnings), so a diff against metafor works.
import { escalc } from "../escalc";
import { confint } from "../confint";
import { fsn } from "../fsn";
import { influence, leave1out } from "../leave1out";
import { modelData, type Moderator } from "../moderators";
import { ranktest } from "../ranktest";
import { eggerClassic, regtest, type RegtestResult } from "../regtest";
import { rma, type RmaFit } from "../rma";
import { fitSubgroups, fixedEffectPartition, separateTau2BetweenTest, subgroupModeratorTest, type SubgroupStudy } from "../subgroups";
import { trimfill } from "../trimfill";
import type { ModelData, RmaControl, Tau2Method } from "../model-types";
import { parseCase, type CaseInput } from "./case-input";
import { formatConfint, formatEscalc, formatModel, formatModeratorModel, n } from "./format";

const TIGHT_FISHER: Partial<RmaControl> = { threshold: 1e-12, maxiter: 10000 };
const TIGHT_ROOT: Partial<RmaControl> = { tol: 1e-13, maxiter: 10000 };
const METHODS: Tau2Method[] = ["FE", "DL", "REML", "PM", "HE", "SJ", "ML"];

type Json = Record<string, unknown>;

/** Collects per-function errors and warnings under metafor-style keys. */
class Outcomes {
  errors: Record<string, string> = {};
  warnings: Record<string, string[]> = {};
  attempt<T>(key: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.errors[key] = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }
  warn(key: string, messages: string[]): void {
    if (messages.length) this.warnings[key] = [...(this.warnings[key] ?? []), ...messages];
  }
}

function defined<T>(entries: [string, T | undefined][]): Record<string, T> {
  return Object.fromEntries(entries.filter((e): e is [string, T] => e[1] !== undefined));
}

/** Run every analysis of a case given in the reference `input` layout (or its parsed form). */
export function runCase(raw: unknown): Json {
  const input: CaseInput = isParsed(raw) ? raw : parseCase(raw);
  const { measure } = input;
  const es = escalc(measure, input.studies);
  const data = modelData(es);
  const out = new Outcomes();
  const fit = (method: Tau2Method, extra: Partial<Parameters<typeof rma>[1]> = {}) => rma(data, { method, ...extra });
  const fits = Object.fromEntries(METHODS.map((m) => [m, out.attempt(`rma_${m}`, () => fit(m))])) as Record<Tau2Method, RmaFit | undefined>;

  const result: Json = { escalc: formatEscalc(measure, es) };
  result.models = defined(METHODS.map((m) => [m, fits[m] && formatModel(fits[m]!, measure)]));
  result.models_tight = defined<Json>([
    ["REML", out.attempt("rma_REML_tight", () => ({ ...formatModel(fit("REML", { control: TIGHT_FISHER }), measure), control: { threshold: 1e-12, maxiter: 10000 } }))],
    ["ML", out.attempt("rma_ML_tight", () => ({ ...formatModel(fit("ML", { control: TIGHT_FISHER }), measure), control: { threshold: 1e-12, maxiter: 10000 } }))],
    ["PM", out.attempt("rma_PM_tight", () => ({ ...formatModel(fit("PM", { control: TIGHT_ROOT }), measure), control: { tol: 1e-13, maxiter: 10000 } }))],
  ]);
  result.knha = defined((["DL", "REML"] as const).map((m) => [m, out.attempt(`knha_${m}`, () => formatModel(fit(m, { test: "knha" }), measure))]));
  result.confint = defined([
    ["REML", out.attempt("confint_REML", () => formatConfint(confint(fits.REML!)))],
    ["DL", out.attempt("confint_DL", () => formatConfint(confint(fits.DL!)))],
    ["REML_tight", out.attempt("confint_REML_tight", () => formatConfint(confint(fit("REML", { control: TIGHT_FISHER }), { tol: 1e-13 })))],
  ]);
  result.regtest = regtestSection(fits, data, out);
  const rank = out.attempt("ranktest", () => ranktest(fits.FE!));
  if (rank) {
    out.warn("ranktest", rank.warnings);
    result.ranktest = {
      tau: n(rank.tau),
      pval: n(rank.pval),
      ties: rank.ties,
      p_method: rank.pMethod === "exact" ? "exact Kendall distribution (cor.test exact=TRUE)" : "normal approximation with tie correction (cor.test, exact requested but ties present)",
    };
  }
  const tf = defined((["FE", "DL", "REML"] as const).map((m) => [m, out.attempt(`trimfill_${m}`, () => formatTrimfill(fits[m]!, measure))]));
  result.trimfill = Object.keys(tf).length ? tf : [];
  result.fsn = Object.fromEntries(
    (["Rosenthal", "Orwin", "Rosenberg"] as const).map((type) => {
      const f = fsn(data.yi, data.vi, { type });
      return [type, { type, fsnum: n(f.fsnum), alpha: f.alpha, pval: n(f.pval), meanes: n(f.meanes), target: n(f.target) }];
    }),
  );
  result.leave1out = defined((["FE", "DL", "REML"] as const).map((m) => [m, out.attempt(`leave1out_${m}`, () => formatLeave1out(fits[m]!))]));
  result.influence = defined((["DL", "REML"] as const).map((m) => [m, out.attempt(`influence_${m}`, () => formatInfluence(fits[m]!))]));
  if (input.subgroupVariable) result.subgroups = out.attempt("subgroups", () => subgroupSection(input, es, measure, out));
  if (input.moderatorVariable) result.metaregression = out.attempt("metaregression", () => metaregressionSection(input, es));
  result.errors = out.errors;
  result.warnings = out.warnings;
  return result;
}

function isParsed(raw: unknown): raw is CaseInput {
  return typeof raw === "object" && raw !== null && "studies" in raw && "subgroupVariable" in raw;
}

function formatRegtest(r: RegtestResult, method: string | null): Json {
  const statKey = r.statType === "z" ? "zval" : "tval";
  return {
    model: r.model,
    predictor: "sei",
    method,
    stat_type: r.statType,
    stat: n(r.stat),
    pval: n(r.pval),
    df: r.df,
    limit_estimate: n(r.limitEstimate),
    limit_ci_lb: n(r.limitCiLb),
    limit_ci_ub: n(r.limitCiUb),
    coefficients: r.coefficients.map((c) => ({
      term: c.term,
      estimate: n(c.estimate),
      se: n(c.se),
      [statKey]: n(c.stat),
      pval: n(c.pval),
      ...(c.ciLb !== undefined ? { ci_lb: n(c.ciLb), ci_ub: n(c.ciUb) } : {}),
    })),
    ...(r.model === "lm" ? { residual_sigma: n(r.residualSigma), tau2: null } : { tau2: n(r.tau2), QE: n(r.QE), QEp: n(r.QEp) }),
  };
}

function regtestSection(fits: Record<Tau2Method, RmaFit | undefined>, data: ModelData, out: Outcomes): Json {
  const section = defined<Json>((["FE", "DL", "REML"] as const).map((m) => [`rma_${m}`, out.attempt(`regtest_rma_${m}`, () => formatRegtest(regtest(fits[m]!, "rma"), m))]));
  const lm = out.attempt("regtest_lm", () => regtest(fits.FE!, "lm"));
  if (lm) {
    section.lm = formatRegtest(lm, null);
    if (lm.stat === null) out.warn("regtest_lm", ["NaNs produced"]);
  }
  const classic = out.attempt("egger_classic_manual", () => eggerClassic(data.yi, data.vi));
  if (classic) {
    section.egger_classic_manual = {
      formula: "lm(yi/sqrt(vi) ~ I(1/sqrt(vi)))",
      intercept: classic.intercept,
      intercept_se: classic.interceptSe,
      intercept_tval: classic.interceptT,
      intercept_pval: classic.interceptP,
      slope: classic.slope,
      slope_se: classic.slopeSe,
      df: classic.df,
    };
  }
  return section;
}

function formatTrimfill(fit: RmaFit, measure: CaseInput["measure"]): Json {
  const t = trimfill(fit);
  return {
    estimator: t.estimator,
    side: t.side,
    k0: t.k0,
    se_k0: n(t.seK0),
    p_k0: n(t.pK0),
    k_total: t.kTotal,
    model: formatModel(t.model, measure),
    filled_studies: t.filled,
    augmented_studies: t.augmented,
  };
}

function formatLeave1out(fit: RmaFit): Json[] {
  const key = fit.ddf === null ? "zval" : "tval";
  return leave1out(fit).map((r) => ({
    omitted_id: r.omittedId,
    omitted_label: r.omittedLabel,
    estimate: n(r.estimate),
    se: n(r.se),
    [key]: n(r.stat),
    pval: n(r.pval),
    ci_lb: n(r.ciLb),
    ci_ub: n(r.ciUb),
    Q: n(r.Q),
    Qp: n(r.Qp),
    tau2: n(r.tau2),
    I2: n(r.I2),
    H2: n(r.H2),
  }));
}

function formatInfluence(fit: RmaFit): Json[] {
  return influence(fit).map((r) => ({
    id: r.id,
    label: r.label,
    rstudent_resid: n(r.rstudentResid),
    rstudent_se: n(r.rstudentSe),
    rstudent: n(r.rstudent),
    dffits: n(r.dffits),
    dfbetas: r.dfbetas.length === 1 ? n(r.dfbetas[0]) : r.dfbetas.map(n),
    cooks_distance: n(r.cooksDistance),
    cov_r: n(r.covRatio),
    tau2_del: n(r.tau2Deleted),
    QE_del: n(r.QEDeleted),
    hat: n(r.hat),
    weight_pct: n(r.weightPct),
    flagged_influential: r.influential,
  }));
}

function subgroupSection(input: CaseInput, es: ReturnType<typeof escalc>, measure: CaseInput["measure"], out: Outcomes): Json {
  const variable = input.subgroupVariable!;
  const studies: SubgroupStudy[] = es.map((e, i) => ({ ...e, group: String(input.studies[i][variable]) }));
  const levels = input.subgroupLevels ?? undefined;
  const byMethod = Object.fromEntries((["FE", "DL", "REML"] as const).map((m) => [m, fitSubgroups(studies, { method: m }, levels)]));
  const groups = byMethod.FE.map((g, gi) => ({
    level: g.level,
    k: g.ids.length,
    ids: g.ids,
    models: Object.fromEntries((["FE", "DL", "REML"] as const).map((m) => [m, formatModel(byMethod[m][gi].fit, measure)])),
  }));
  const modTest = (method: Tau2Method, test: "z" | "knha") => formatModeratorModel(subgroupModeratorTest(studies, { method, test }, levels, "sg"));
  const fep = fixedEffectPartition(studies, levels);
  return {
    variable,
    levels: groups.map((g) => g.level),
    reference_level: groups[0].level,
    groups,
    moderator_test: defined([
      ["FE", out.attempt("moderator_test_FE", () => modTest("FE", "z"))],
      ["DL", out.attempt("moderator_test_DL", () => modTest("DL", "z"))],
      ["REML", out.attempt("moderator_test_REML", () => modTest("REML", "z"))],
      ["REML_knha", out.attempt("moderator_test_REML_knha", () => modTest("REML", "knha"))],
    ]),
    fixed_effect_partition: { Q_total: fep.Qtotal, Q_within: fep.Qwithin, Q_within_sum: fep.QwithinSum, Qb: fep.Qb, df: fep.df, pval: fep.pval, I2: fep.I2 },
    separate_tau2_between_test: Object.fromEntries(
      (["DL", "REML"] as const).map((m) => {
        const t = separateTau2BetweenTest(byMethod[m].map((g) => g.fit));
        return [m, { subgroup_estimates: t.estimates, subgroup_se: t.se, Qb: t.Qb, df: t.df, pval: t.pval, I2: t.I2 }];
      }),
    ),
  };
}

function metaregressionSection(input: CaseInput, es: ReturnType<typeof escalc>): Json {
  const name = input.moderatorVariable!;
  const mod: Moderator = { name, kind: "continuous", values: input.studies.map((s) => Number(s[name])) };
  const data = modelData(es, [mod]);
  const f = (method: Tau2Method, extra: Partial<Parameters<typeof rma>[1]> = {}) => formatModeratorModel(rma(data, { method, ...extra }));
  return {
    moderator: name,
    REML: f("REML"),
    DL: f("DL"),
    ML: f("ML"),
    FE: f("FE"),
    REML_knha: f("REML", { test: "knha" }),
    REML_tight: f("REML", { control: TIGHT_FISHER }),
  };
}
