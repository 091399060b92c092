import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/routers";
import { callerFor, codeOf, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import type { SessionUser } from "@/server/trpc";

/**
 * Procedures that are deliberately not project-scoped. Every other procedure of every router must
 * take a projectId and refuse outsiders, so a new router is covered by this file automatically.
 */
const notProjectScoped: Record<string, "public" | "authed"> = {
  "accounts.signUp": "public",
  "accounts.me": "authed",
  "projects.list": "authed",
  "projects.create": "authed",
  "projects.createDemo": "authed",
  "members.previewInvitation": "public",
  "members.acceptInvitation": "authed",
};

/** Mutations a viewer may call (none today: viewers read only). */
const viewerMutations = new Set<string>();

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(([path, p]) => ({
  path,
  type: p._def.type,
}));

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<any>((node, key) => node[key], caller);
  return fn(input);
}

describe("authorization on every router", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    viewer = await makeUser(handle.db, "Viewer");
    outsider = await makeUser(handle.db, "Outsider");
    const project = await callerFor(handle.db, owner).projects.create({ title: "Resting-state ReHo in CLBP" });
    projectId = project.id;
    const invite = await callerFor(handle.db, owner).members.invite({ projectId, email: viewer.email, role: "viewer" });
    await callerFor(handle.db, viewer).members.acceptInvitation({ token: invite.token });
  });
  afterAll(async () => handle?.close());

  it("knows every procedure (sanity: the router is not empty)", () => {
    expect(procedures.length).toBeGreaterThan(8);
    for (const path of Object.keys(notProjectScoped)) expect(procedures.map((p) => p.path)).toContain(path);
  });

  it("refuses a non-member with NOT_FOUND on every project-scoped procedure, for real and unknown projects, and changes nothing", async () => {
    const before = await fingerprint(handle.db);
    const unknownProject = "00000000-0000-4000-8000-000000000000";
    const failures: string[] = [];
    for (const { path } of procedures.filter((p) => !(p.path in notProjectScoped))) {
      for (const id of [projectId, unknownProject, "not-a-uuid"]) {
        const code = await codeOf(call(callerFor(handle.db, outsider), path, { projectId: id }));
        if (code !== "NOT_FOUND") failures.push(`${path} (${id}): ${code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses a signed-out caller with UNAUTHORIZED on everything but the public procedures", async () => {
    const before = await fingerprint(handle.db);
    const failures: string[] = [];
    for (const { path } of procedures.filter((p) => notProjectScoped[p.path] !== "public")) {
      const code = await codeOf(call(callerFor(handle.db, null), path, { projectId }));
      if (code !== "UNAUTHORIZED") failures.push(`${path}: ${code}`);
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses a viewer with FORBIDDEN on every project mutation and changes nothing", async () => {
    const before = await fingerprint(handle.db);
    const failures: string[] = [];
    const mutations = procedures.filter((p) => p.type === "mutation" && !(p.path in notProjectScoped) && !viewerMutations.has(p.path));
    expect(mutations.length).toBeGreaterThan(3);
    for (const { path } of mutations) {
      const code = await codeOf(call(callerFor(handle.db, viewer), path, { projectId }));
      if (code !== "FORBIDDEN") failures.push(`${path}: ${code}`);
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(handle.db)).toEqual(before);
  });
});
