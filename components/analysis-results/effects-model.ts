/**
 * Reads the statistics panel out of an effects run's `result.json` (the effects engine's case
 * output in the metafor reference layout) for the run's chosen method and test.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (o: unknown, k: string): number | null => (isObj(o) && typeof o[k] === "number" && Number.isFinite(o[k]) ? (o[k] as number) : null);
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

/** The pooled model as the statistics panel shows it. */
export interface PooledStats {
  method: string;
  test: "z" | "knha";
  k: number | null;
  estimate: number | null;
  se: number | null;
  ciLb: number | null;
  ciUb: number | null;
  piLb: number | null;
  piUb: number | null;
  stat: number | null;
  df: number | null;
  p: number | null;
  tau2: number | null;
  tau2CiLb: number | null;
  tau2CiUb: number | null;
  i2: number | null;
  i2CiLb: number | null;
  i2CiUb: number | null;
  h2: number | null;
  q: number | null;
  qDf: number | null;
  qP: number | null;
  /** Ratio measures: the estimate and intervals back on the ratio scale. */
  back: { estimate: number | null; ciLb: number | null; ciUb: number | null; piLb: number | null; piUb: number | null } | null;
}

/** Small-study and robustness statistics. */
export interface BiasStats {
  egger: { stat: number | null; p: number | null; limitEstimate: number | null } | null;
  begg: { tau: number | null; p: number | null } | null;
  trimFill: { k0: number | null; side: string | null; estimate: number | null; ciLb: number | null; ciUb: number | null } | null;
  failSafeN: { n: number | null; p: number | null } | null;
}

/** A leave-one-out row. */
export interface LeaveOneOutRow {
  omitted: string;
  estimate: number | null;
  ciLb: number | null;
  ciUb: number | null;
  p: number | null;
  i2: number | null;
  tau2: number | null;
}

/** A subgroup's pooled result. */
export interface SubgroupRow {
  level: string;
  k: number | null;
  estimate: number | null;
  ciLb: number | null;
  ciUb: number | null;
  i2: number | null;
  tau2: number | null;
  q: number | null;
  qP: number | null;
}

/** Which fitted method to show: the run's method when present, else REML, else the first. */
function pickMethod(result: Obj, method: string | undefined): string | null {
  const models = isObj(result.models) ? result.models : {};
  const wanted = method === "EE" ? "FE" : method;
  if (wanted && wanted in models) return wanted;
  if ("REML" in models) return "REML";
  return Object.keys(models)[0] ?? null;
}

/** Pooled estimate, intervals and heterogeneity of the chosen model. */
export function pooledStats(result: unknown, parameters: { method?: string; knha?: boolean } = {}): PooledStats | null {
  if (!isObj(result)) return null;
  const method = pickMethod(result, parameters.method);
  if (!method) return null;
  const knhaModel = parameters.knha ? at(result, "knha", method) : undefined;
  const m = isObj(knhaModel) ? knhaModel : at(result, "models", method);
  if (!isObj(m)) return null;
  const ci = at(result, "confint", method);
  const back = isObj(m.back_transformed) ? m.back_transformed : null;
  return {
    method,
    test: m.test === "knha" ? "knha" : "z",
    k: num(m, "k"),
    estimate: num(m, "estimate"),
    se: num(m, "se"),
    ciLb: num(m, "ci_lb"),
    ciUb: num(m, "ci_ub"),
    piLb: num(m.predict, "pi_lb"),
    piUb: num(m.predict, "pi_ub"),
    stat: num(m, "zval") ?? num(m, "tval"),
    df: num(m, "df"),
    p: num(m, "pval"),
    tau2: num(m, "tau2"),
    tau2CiLb: num(at(ci, "tau2"), "ci_lb"),
    tau2CiUb: num(at(ci, "tau2"), "ci_ub"),
    i2: num(m, "I2"),
    i2CiLb: num(at(ci, "I2"), "ci_lb"),
    i2CiUb: num(at(ci, "I2"), "ci_ub"),
    h2: num(m, "H2"),
    q: num(m, "QE"),
    qDf: num(m, "QE_df"),
    qP: num(m, "QEp"),
    back: back ? { estimate: num(back, "estimate"), ciLb: num(back, "ci_lb"), ciUb: num(back, "ci_ub"), piLb: num(back, "pi_lb"), piUb: num(back, "pi_ub") } : null,
  };
}

/** Egger (regtest on the chosen method), Begg (ranktest), trim-and-fill, Rosenthal's fail-safe N. */
export function biasStats(result: unknown, method: string): BiasStats {
  const reg = at(result, "regtest", `rma_${method}`) ?? at(result, "regtest", "rma_REML") ?? at(result, "regtest", "rma_FE");
  const rank = at(result, "ranktest");
  const tf = at(result, "trimfill", method) ?? at(result, "trimfill", "REML") ?? at(result, "trimfill", "FE");
  const fsn = at(result, "fsn", "Rosenthal");
  return {
    egger: isObj(reg) ? { stat: num(reg, "stat"), p: num(reg, "pval"), limitEstimate: num(reg, "limit_estimate") } : null,
    begg: isObj(rank) ? { tau: num(rank, "tau"), p: num(rank, "pval") } : null,
    trimFill: isObj(tf) ? { k0: num(tf, "k0"), side: typeof tf.side === "string" ? tf.side : null, estimate: num(tf.model, "estimate"), ciLb: num(tf.model, "ci_lb"), ciUb: num(tf.model, "ci_ub") } : null,
    failSafeN: isObj(fsn) ? { n: num(fsn, "fsnum"), p: num(fsn, "pval") } : null,
  };
}

/** Leave-one-out refits of the chosen method (REML / DL / FE are stored). */
export function leaveOneOut(result: unknown, method: string): LeaveOneOutRow[] {
  const rows = at(result, "leave1out", method) ?? at(result, "leave1out", "REML") ?? at(result, "leave1out", "FE");
  if (!Array.isArray(rows)) return [];
  return rows.filter(isObj).map((r) => ({
    omitted: typeof r.omitted_label === "string" ? r.omitted_label : String(r.omitted_id ?? "?"),
    estimate: num(r, "estimate"),
    ciLb: num(r, "ci_lb"),
    ciUb: num(r, "ci_ub"),
    p: num(r, "pval"),
    i2: num(r, "I2"),
    tau2: num(r, "tau2"),
  }));
}

/** Per-subgroup pooled results and the test for subgroup differences (QM of the moderator model). */
export function subgroups(result: unknown, method: string): { variable: string; rows: SubgroupRow[]; test: { qm: number | null; df: number | null; p: number | null } | null } | null {
  const sg = at(result, "subgroups");
  if (!isObj(sg) || !Array.isArray(sg.groups)) return null;
  const m = ["FE", "DL", "REML"].includes(method) ? method : "REML";
  const rows = sg.groups.filter(isObj).map((g) => {
    const model = at(g, "models", m);
    return { level: String(g.level), k: num(g, "k"), estimate: num(model, "estimate"), ciLb: num(model, "ci_lb"), ciUb: num(model, "ci_ub"), i2: num(model, "I2"), tau2: num(model, "tau2"), q: num(model, "QE"), qP: num(model, "QEp") };
  });
  const t = at(sg, "moderator_test", m);
  // metafor's QMdf is c(df1, df2): df2 is NA for z tests.
  const df = isObj(t) ? (Array.isArray(t.QM_df) ? t.QM_df[0] : t.QM_df) : null;
  return { variable: String(sg.variable ?? "subgroup"), rows, test: isObj(t) ? { qm: num(t, "QM"), df: typeof df === "number" ? df : null, p: num(t, "QMp") } : null };
}
