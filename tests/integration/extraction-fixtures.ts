import type { Db } from "@/db/client";
import { memberships, records, searchSources, type Role } from "@/db/schema";
import type { SessionUser } from "@/server/trpc";
import { callerFor, makeUser } from "./harness";

/** A project with its team and records inserted directly (as the import service would). */
export interface ExtractionProject {
  projectId: string;
  owner: SessionUser;
  alice: SessionUser;
  bob: SessionUser;
  carol: SessionUser;
  adjudicator: SessionUser;
  viewer: SessionUser;
  recordIds: string[];
}

async function addMember(db: Db, projectId: string, name: string, role: Role): Promise<SessionUser> {
  const user = await makeUser(db, name);
  await db.insert(memberships).values({ projectId, userId: user.id, role });
  return user;
}

/** Owner, three reviewers (alice, bob, carol), an adjudicator, a viewer and `n` records. */
export async function makeExtractionProject(db: Db, n: number): Promise<ExtractionProject> {
  const owner = await makeUser(db, "Owner");
  const { id: projectId } = await callerFor(db, owner).projects.create({ title: "ReHo and ALFF in chronic low back pain" });
  const team = {
    alice: await addMember(db, projectId, "Alice", "reviewer"),
    bob: await addMember(db, projectId, "Bob", "reviewer"),
    carol: await addMember(db, projectId, "Carol", "reviewer"),
    adjudicator: await addMember(db, projectId, "Ada", "adjudicator"),
    viewer: await addMember(db, projectId, "Vera", "viewer"),
  };
  const [source] = await db.insert(searchSources).values({ projectId, name: "PubMed", recordCount: n, importedBy: owner.id }).returning();
  const rows = n
    ? await db
        .insert(records)
        .values(Array.from({ length: n }, (_, i) => ({ projectId, sourceId: source.id, sourceIndex: i + 1, title: `Resting-state study ${i + 1} of chronic low back pain`, authors: [`Author${i + 1}, A.`], year: 2010 + (i % 12), doi: `10.1000/clbp.${i + 1}` })))
        .returning({ id: records.id })
    : [];
  return { projectId, owner, ...team, recordIds: rows.map((r) => r.id) };
}

/** A complete study-level answer set for the neuroimaging template. */
export function studyFields(author: string, year: number) {
  return {
    first_author: author,
    year: String(year),
    country: "China",
    design: "cross-sectional case-control",
    groups: [
      { name: "CLBP", n: "24", mean_age: "41.2", female_pct: "50" },
      { name: "HC", n: "22", mean_age: "40.1", female_pct: "45" },
    ],
    analysis_method: ["ReHo"],
    coordinate_space: "MNI",
    field_strength: "3",
    software: "SPM",
  };
}

/** A draft experiment block (strings, as typed). */
export function experimentDraft(foci: (string | number)[][], extra: Record<string, unknown> = {}) {
  return {
    n1: "24",
    n2: "22",
    space: "MNI",
    software: "spm",
    foci: foci.map(([x, y, z, value, region]) => ({ x: String(x), y: String(y), z: String(z), statistic: "t", value: String(value), direction: Number(value) < 0 ? "decrease" : "increase", region: String(region ?? "") })),
    outcomes: [
      { outcome: "VAS", arm: "CLBP", group: "1", timePoint: "", n: "24", mean: "5.1", sd: "1.2" },
      { outcome: "VAS", arm: "HC", group: "2", timePoint: "", n: "22", mean: "0.4", sd: "0.5" },
    ],
    moderators: [{ name: "illness_years", value: "6.5" }],
    ...extra,
  };
}

/** Answers every item of a checklist with `score`, except overrides. */
export function qualityScores(keys: string[], score: number, overrides: Record<string, number> = {}) {
  return Object.fromEntries(keys.map((k) => [k, { score: overrides[k] ?? score, note: "", quote: "" }]));
}
