import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conflictResolutions, fullTexts, memberships, records, screeningDecisions, searchSources, type Role, type ScreeningDecisionKind, type ScreeningStage } from "@/db/schema";
import type { SessionUser } from "@/server/trpc";
import { callerFor, makeUser } from "./harness";

/**
 * Test data for the screening stage until the import UI lands: a project, its team, and records
 * inserted straight into `records` (as the import engineer's service would).
 */
export interface ScreeningProject {
  projectId: string;
  owner: SessionUser;
  alice: SessionUser;
  bob: SessionUser;
  adjudicator: SessionUser;
  viewer: SessionUser;
  recordIds: string[];
}

export interface RecordSeed {
  title: string;
  abstract?: string;
  year?: number;
  keywords?: string[];
}

/** Two reviewers (alice, bob), an adjudicator, a viewer and the owner; `seeds` become records in one source. */
export async function makeScreeningProject(db: Db, seeds: RecordSeed[]): Promise<ScreeningProject> {
  const owner = await makeUser(db, "Owner");
  const project = await callerFor(db, owner).projects.create({ title: "Resting-state ReHo in chronic low back pain" });
  const projectId = project.id;
  const team = {
    alice: await addMember(db, projectId, "Alice", "reviewer"),
    bob: await addMember(db, projectId, "Bob", "reviewer"),
    adjudicator: await addMember(db, projectId, "Ada", "adjudicator"),
    viewer: await addMember(db, projectId, "Vera", "viewer"),
  };
  const recordIds = await insertRecords(db, projectId, owner.id, seeds);
  return { projectId, owner, ...team, recordIds };
}

export async function addMember(db: Db, projectId: string, name: string, role: Role): Promise<SessionUser> {
  const user = await makeUser(db, name);
  await db.insert(memberships).values({ projectId, userId: user.id, role });
  return user;
}

/** Inserts one search source with these records (source order kept); returns the record ids in order. */
export async function insertRecords(db: Db, projectId: string, importedBy: string, seeds: RecordSeed[], sourceName = "PubMed"): Promise<string[]> {
  const [source] = await db.insert(searchSources).values({ projectId, name: sourceName, recordCount: seeds.length, importedBy }).returning();
  const ids: string[] = [];
  for (let start = 0; start < seeds.length; start += 1000) {
    const rows = await db
      .insert(records)
      .values(
        seeds.slice(start, start + 1000).map((s, i) => ({
          projectId,
          sourceId: source.id,
          sourceIndex: start + i + 1,
          title: s.title,
          abstract: s.abstract ?? null,
          year: s.year ?? 2020,
          journal: "NeuroImage",
          authors: ["Zhang, W.", "Smith, J."],
          keywords: s.keywords ?? [],
          searchText: `${s.title} ${s.abstract ?? ""}`.toLowerCase(),
        })),
      )
      .returning({ id: records.id, sourceIndex: records.sourceIndex });
    ids.push(...rows.sort((a, b) => a.sourceIndex - b.sourceIndex).map((r) => r.id));
  }
  return ids;
}

/** Marks a record as a duplicate of another (as dedup would). */
export async function markDuplicate(db: Db, recordId: string, keptId: string): Promise<void> {
  await db.update(records).set({ duplicateOf: keptId, removalReason: "duplicate" }).where(eq(records.id, recordId));
}

/** Writes a decision row directly, bypassing the service (for count tests that need a given state). */
export async function putDecision(db: Db, projectId: string, recordId: string, stage: ScreeningStage, reviewerId: string, decision: ScreeningDecisionKind, reason?: string) {
  await db.insert(screeningDecisions).values({ projectId, recordId, stage, reviewerId, decision, reason: reason ?? null });
}

export async function putResolution(db: Db, projectId: string, recordId: string, stage: ScreeningStage, resolvedBy: string, decision: "include" | "exclude", reason?: string) {
  await db.insert(conflictResolutions).values({ projectId, recordId, stage, resolvedBy, decision, reason: reason ?? null, rationale: "adjudicated" });
}

export async function putFullTextStatus(db: Db, projectId: string, recordId: string, status: "sought" | "retrieved" | "not_retrieved", reason?: string) {
  await db.insert(fullTexts).values({ projectId, recordId, status, notRetrievedReason: reason ?? null });
}

/** Neuroimaging-flavoured titles, so highlight and ranking tests have real words to work on. */
export function sampleSeeds(n: number): RecordSeed[] {
  const topics = ["regional homogeneity", "amplitude of low-frequency fluctuation", "functional connectivity", "grey matter volume", "cortical thickness"];
  const groups = ["chronic low back pain", "fibromyalgia", "migraine", "healthy ageing", "knee osteoarthritis"];
  return Array.from({ length: n }, (_, i) => ({
    title: `${topics[i % topics.length]} in ${groups[Math.floor(i / topics.length) % groups.length]}: study ${i + 1}`,
    abstract: `We compared ${groups[Math.floor(i / topics.length) % groups.length]} patients with healthy controls using resting-state fMRI and ${topics[i % topics.length]}.`,
    year: 2005 + (i % 19),
    keywords: ["fMRI", topics[i % topics.length]],
  }));
}
