/** Number formatting for the results tables (display only; downloads keep full precision). */

const dash = "—";

/** Fixed decimals with a true minus sign, "—" for missing or non-finite values. */
export function num(x: unknown, decimals = 2): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(decimals).replace(/^-/, "−") : dash;
}

/** An integer with thousands separators. */
export function int(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : dash;
}

/** p-values as journals print them: "< 0.001", else three decimals. */
export function pValue(p: unknown): string {
  if (typeof p !== "number" || !Number.isFinite(p)) return dash;
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

/** An MNI coordinate "x, y, z" in whole mm. */
export function mm(xyz: unknown): string {
  if (!Array.isArray(xyz) || xyz.length < 3) return dash;
  return xyz.slice(0, 3).map((v) => (typeof v === "number" ? Math.round(v) : "?")).join(", ");
}

/** A percentage from a fraction 0…1. */
export function percent(fraction: unknown, decimals = 0): string {
  return typeof fraction === "number" && Number.isFinite(fraction) ? `${(100 * fraction).toFixed(decimals)}%` : dash;
}

/** File sizes: B, KB, MB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Seconds as "0.8 s", "42 s", "3 min 5 s", "1 h 2 min". */
export function duration(seconds: unknown): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return dash;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Estimate with its interval: "−5.42 [−7.59, −3.25]" (true minus signs). */
export function estimateCi(est: unknown, lb: unknown, ub: unknown, decimals = 2): string {
  return `${num(est, decimals)} [${num(lb, decimals)}, ${num(ub, decimals)}]`;
}

/** AAL names are written with underscores (Frontal_Sup_L); show them as words. */
export function regionName(label: unknown): string {
  if (typeof label !== "string" || !label) return "unlabelled";
  return label.replace(/_/g, " ").replace(/\bL$/, "(L)").replace(/\bR$/, "(R)");
}
