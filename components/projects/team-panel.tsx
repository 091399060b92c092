"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { roles, type Role } from "@/db/roles";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { InviteForm } from "./invite-form";

export function TeamPanel({ projectId, myRole, myUserId }: { projectId: string; myRole: Role; myUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isOwner = myRole === "owner";
  const members = useQuery(trpc.members.list.queryOptions({ projectId }));
  const invitations = useQuery({ ...trpc.members.invitations.queryOptions({ projectId }), enabled: isOwner });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });
  const onError = (e: unknown) => setError(errorMessage(e));
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh, onError }));
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: refresh, onError }));
  const open = invitations.data?.filter((i) => !i.acceptedAt && !i.revokedAt && new Date(i.expiresAt) > new Date()) ?? [];

  return (
    <div className="stack">
      {isOwner && <InviteForm projectId={projectId} onInvited={refresh} />}
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="card flush">
        <table className="data" aria-label="Members">
          <thead>
            <tr><th>Name</th><th>E-mail</th><th>Role</th><th>Joined</th>{isOwner && <th />}</tr>
          </thead>
          <tbody>
            {members.data?.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}{m.userId === myUserId && <span className="muted"> (you)</span>}</td>
                <td className="muted">{m.email}</td>
                <td>
                  {isOwner ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      onChange={(e) => { setError(null); changeRole.mutate({ projectId, userId: m.userId, role: e.target.value as Role }); }}
                      style={{ width: 140 }}
                    >
                      {roles.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  ) : (
                    <span className={`badge ${m.role}`}>{m.role}</span>
                  )}
                </td>
                <td className="muted">{new Date(m.joinedAt).toLocaleDateString()}</td>
                {isOwner && (
                  <td className="num">
                    <button className="danger small" onClick={() => { if (confirm(`Remove ${m.name} from this project?`)) { setError(null); remove.mutate({ projectId, userId: m.userId }); } }}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isOwner && open.length > 0 && (
        <div className="card flush">
          <table className="data" aria-label="Open invitations">
            <thead><tr><th>Invited e-mail</th><th>Role</th><th>Expires</th><th /></tr></thead>
            <tbody>
              {open.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td><span className={`badge ${i.role}`}>{i.role}</span></td>
                  <td className="muted">{new Date(i.expiresAt).toLocaleDateString()}</td>
                  <td className="num"><button className="small" onClick={() => revoke.mutate({ projectId, invitationId: i.id })}>Revoke</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
