/**
 * The numbers of a PRISMA 2020 flow diagram (Page et al., BMJ 2021;372:n71). Every number is
 * computed from the project's data (server/review/prisma/); nothing here is typed in by hand.
 */
export interface NamedCount {
  name: string;
  n: number;
}

export interface OtherMethodsCounts {
  websites: number;
  organisations: number;
  citations: number;
  other: number;
  sought: number;
  notRetrieved: number;
  assessed: number;
  excluded: NamedCount[];
}

export interface PrismaCounts {
  databases: NamedCount[];
  registers: NamedCount[];
  duplicates: number;
  automation: number;
  otherRemoved: number;
  screened: number;
  excludedScreening: number;
  sought: number;
  notRetrieved: number;
  assessed: number;
  excluded: NamedCount[];
  /** Null when no record came from websites, organisations or citation searching. */
  otherMethods: OtherMethodsCounts | null;
  studiesIncluded: number;
  reportsIncluded: number;
}

const sum = (xs: NamedCount[]) => xs.reduce((s, x) => s + x.n, 0);

export const identifiedTotal = (c: PrismaCounts) => sum(c.databases) + sum(c.registers);
export const excludedTotal = (xs: NamedCount[]) => sum(xs);

/**
 * The arithmetic the diagram must satisfy. Returns human-readable violations (empty = closes).
 * Reports included from both columns equal those assessed minus those excluded.
 */
export function checkPrismaArithmetic(c: PrismaCounts): string[] {
  const problems: string[] = [];
  const expect = (label: string, actual: number, expected: number) => {
    if (actual !== expected) problems.push(`${label}: ${actual} ≠ ${expected}`);
  };
  expect("records screened = identified − removed", c.screened, identifiedTotal(c) - c.duplicates - c.automation - c.otherRemoved);
  expect("reports sought = screened − excluded", c.sought, c.screened - c.excludedScreening);
  expect("reports assessed = sought − not retrieved", c.assessed, c.sought - c.notRetrieved);
  const otherIncluded = c.otherMethods ? c.otherMethods.assessed - excludedTotal(c.otherMethods.excluded) : 0;
  if (c.otherMethods) expect("other methods: assessed = sought − not retrieved", c.otherMethods.assessed, c.otherMethods.sought - c.otherMethods.notRetrieved);
  expect("reports included = assessed − excluded (both columns)", c.reportsIncluded, c.assessed - excludedTotal(c.excluded) + otherIncluded);
  if (c.studiesIncluded > c.reportsIncluded) problems.push(`studies included (${c.studiesIncluded}) exceed reports included (${c.reportsIncluded})`);
  return problems;
}

/**
 * The CSV that the PRISMA2020 R package / Shiny app reads (columns data,node,box,description,boxtext,tooltips,url,n),
 * so a diagram can be restyled there.
 */
export function prismaCsv(c: PrismaCounts): string {
  const list = (xs: NamedCount[]) => xs.map((x) => `${x.name.replace(/[;,]/g, " ")}, ${x.n}`).join("; ");
  const rows: [string, string | number][] = [
    ["database_results", sum(c.databases)],
    ["database_specific_results", list(c.databases)],
    ["register_results", sum(c.registers)],
    ["register_specific_results", list(c.registers)],
    ["duplicates", c.duplicates],
    ["excluded_automatic", c.automation],
    ["excluded_other", c.otherRemoved],
    ["records_screened", c.screened],
    ["records_excluded", c.excludedScreening],
    ["dbr_sought_reports", c.sought],
    ["dbr_notretrieved_reports", c.notRetrieved],
    ["dbr_assessed", c.assessed],
    ["dbr_excluded", list(c.excluded)],
    ["website_results", c.otherMethods?.websites ?? ""],
    ["organisation_results", c.otherMethods?.organisations ?? ""],
    ["citations_results", c.otherMethods?.citations ?? ""],
    ["other_sought_reports", c.otherMethods?.sought ?? ""],
    ["other_notretrieved_reports", c.otherMethods?.notRetrieved ?? ""],
    ["other_assessed", c.otherMethods?.assessed ?? ""],
    ["other_excluded", c.otherMethods ? list(c.otherMethods.excluded) : ""],
    ["new_studies", c.studiesIncluded],
    ["new_reports", c.reportsIncluded],
    ["total_studies", c.studiesIncluded],
    ["total_reports", c.reportsIncluded],
  ];
  const esc = (v: string | number) => (typeof v === "number" ? String(v) : `"${v.replace(/"/g, '""')}"`);
  return ["data,node,box,description,boxtext,tooltips,url,n", ...rows.map(([name, n]) => `${name},,,,,,,${esc(n)}`)].join("\n") + "\n";
}
