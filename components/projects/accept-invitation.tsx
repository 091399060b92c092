"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { errorMessage, useTRPC } from "@/components/trpc/client";

export function AcceptInvitation({ token, userEmail, invitedEmail }: { token: string; userEmail: string; invitedEmail: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.members.acceptInvitation.mutationOptions({ onSuccess: ({ projectId }) => router.push(`/projects/${projectId}`) }));
  return (
    <div className="stack">
      {userEmail !== invitedEmail && (
        <div className="alert warn">You are signed in as {userEmail}, not {invitedEmail}. Accepting joins the project with this account.</div>
      )}
      {accept.error && <div className="alert error" role="alert">{errorMessage(accept.error)}</div>}
      <button className="primary" onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
        {accept.isPending ? "Joining…" : "Accept invitation"}
      </button>
    </div>
  );
}
