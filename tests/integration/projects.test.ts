import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { callerFor, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import type { SessionUser } from "@/server/trpc";

describe("projects, invitations, roles and the audit log", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let alice: SessionUser;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    alice = await makeUser(handle.db, "Alice");
  });
  afterAll(async () => handle?.close());

  it("creates a project with its creator as owner and lists it", async () => {
    const project = await callerFor(handle.db, owner).projects.create({
      title: "ALFF in chronic low back pain",
      reviewQuestion: "Do CLBP patients differ from controls?",
      registrationId: "CRD42024000001",
    });
    const list = await callerFor(handle.db, owner).projects.list();
    expect(list.map((p) => [p.title, p.role])).toContainEqual(["ALFF in chronic low back pain", "owner"]);
    expect(await callerFor(handle.db, alice).projects.list()).toEqual([]);
    const got = await callerFor(handle.db, owner).projects.get({ projectId: project.id });
    expect(got.registrationId).toBe("CRD42024000001");
    expect(got.myRole).toBe("owner");
  });

  it("rejects a too-short title with BAD_REQUEST and writes nothing", async () => {
    const before = await fingerprint(handle.db);
    await expect(callerFor(handle.db, owner).projects.create({ title: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("invites by one-time link; the invitee joins with the invited role; the link cannot be reused", async () => {
    const project = await callerFor(handle.db, owner).projects.create({ title: "Invite flow" });
    const projectId = project.id;
    const invite = await callerFor(handle.db, owner).members.invite({ projectId, email: alice.email.toUpperCase(), role: "reviewer" });
    expect(invite.token.length).toBeGreaterThan(20);
    const preview = await callerFor(handle.db, null).members.previewInvitation({ token: invite.token });
    expect(preview).toMatchObject({ projectTitle: "Invite flow", role: "reviewer", status: "open", email: alice.email });
    await callerFor(handle.db, alice).members.acceptInvitation({ token: invite.token });
    const members = await callerFor(handle.db, owner).members.list({ projectId });
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual([[alice.email, "reviewer"], [owner.email, "owner"]].sort());
    const bob = await makeUser(handle.db, "Bob");
    await expect(callerFor(handle.db, bob).members.acceptInvitation({ token: invite.token })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(callerFor(handle.db, bob).members.acceptInvitation({ token: "x".repeat(32) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(handle.db, owner).members.invite({ projectId, email: alice.email, role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets the owner change roles and remove members, but never the last owner", async () => {
    const project = await callerFor(handle.db, owner).projects.create({ title: "Roles" });
    const projectId = project.id;
    const invite = await callerFor(handle.db, owner).members.invite({ projectId, email: alice.email, role: "reviewer" });
    await callerFor(handle.db, alice).members.acceptInvitation({ token: invite.token });
    // a reviewer cannot manage members
    await expect(callerFor(handle.db, alice).members.changeRole({ projectId, userId: alice.id, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const before = await fingerprint(handle.db);
    await expect(callerFor(handle.db, owner).members.remove({ projectId, userId: owner.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(callerFor(handle.db, owner).members.changeRole({ projectId, userId: owner.id, role: "viewer" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await fingerprint(handle.db)).toEqual(before);
    let members = await callerFor(handle.db, owner).members.changeRole({ projectId, userId: alice.id, role: "adjudicator" });
    expect(members.find((m) => m.userId === alice.id)?.role).toBe("adjudicator");
    members = await callerFor(handle.db, owner).members.changeRole({ projectId, userId: alice.id, role: "owner" });
    // with two owners, the first may step down
    members = await callerFor(handle.db, owner).members.changeRole({ projectId, userId: owner.id, role: "reviewer" });
    expect(members.find((m) => m.userId === owner.id)?.role).toBe("reviewer");
    members = await callerFor(handle.db, alice).members.remove({ projectId, userId: owner.id });
    expect(members.map((m) => m.userId)).toEqual([alice.id]);
    await expect(callerFor(handle.db, owner).projects.get({ projectId })).rejects.toBeInstanceOf(TRPCError);
  });

  it("writes every change to the audit log with before and after, visible to the owner only", async () => {
    const project = await callerFor(handle.db, owner).projects.create({ title: "Audited" });
    const projectId = project.id;
    await callerFor(handle.db, owner).projects.update({ projectId, title: "Audited review", description: "new" });
    const invite = await callerFor(handle.db, owner).members.invite({ projectId, email: alice.email, role: "viewer" });
    await callerFor(handle.db, alice).members.acceptInvitation({ token: invite.token });
    await callerFor(handle.db, owner).members.changeRole({ projectId, userId: alice.id, role: "reviewer" });
    const { entries } = await callerFor(handle.db, owner).audit.list({ projectId });
    expect(entries.map((e) => e.action)).toEqual(["member.role", "invitation.accept", "invitation.create", "project.update", "project.create"]);
    const update = entries.find((e) => e.action === "project.update")!;
    expect(update.before).toMatchObject({ title: "Audited", description: "" });
    expect(update.after).toMatchObject({ title: "Audited review", description: "new" });
    expect(update.userEmail).toBe(owner.email);
    expect(entries.find((e) => e.action === "member.role")).toMatchObject({ before: { role: "viewer" }, after: { role: "reviewer" } });
    await expect(callerFor(handle.db, alice).audit.list({ projectId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
