"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

export function InviteForm({ projectId, onInvited }: { projectId: string; onInvited: () => void }) {
  const trpc = useTRPC();
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (inv) => {
        setLink({ url: `${window.location.origin}/invite/${inv.token}`, email: inv.email });
        setCopied(false);
        onInvited();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <div className="card">
      <h2>Invite a co-reviewer</h2>
      <form
        className="row"
        style={{ alignItems: "flex-end" }}
        action={(form) => {
          setError(null);
          setLink(null);
          invite.mutate({ projectId, email: String(form.get("email")), role: form.get("role") as "reviewer" });
        }}
      >
        <div style={{ flex: 2, minWidth: 220 }}>
          <label htmlFor="invite-email">E-mail</label>
          <input id="invite-email" name="email" type="email" required placeholder="colleague@university.edu" />
        </div>
        <div style={{ flex: 1, minWidth: 140 }}>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="reviewer">
            <option value="reviewer">reviewer</option>
            <option value="adjudicator">adjudicator</option>
            <option value="viewer">viewer</option>
            <option value="owner">owner</option>
          </select>
        </div>
        <button className="primary" type="submit" disabled={invite.isPending}>Create invitation link</button>
      </form>
      {error && <div className="alert error" role="alert" style={{ marginTop: 12 }}>{error}</div>}
      {link && (
        <div className="alert ok" style={{ marginTop: 12 }}>
          <p>Send this one-time link to <strong>{link.email}</strong>. It is shown only now and works once, for 14 days.</p>
          <div className="copy-box">
            <input readOnly value={link.url} aria-label="Invitation link" onFocus={(e) => e.target.select()} />
            <button type="button" onClick={async () => { await navigator.clipboard?.writeText(link.url).catch(() => {}); setCopied(true); }}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
