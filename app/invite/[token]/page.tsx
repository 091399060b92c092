import Link from "next/link";
import { getDb } from "@/db/client";
import { previewInvitation } from "@/server/review/projects/invitations";
import { currentUser } from "@/server/session";
import { AcceptInvitation } from "@/components/projects/accept-invitation";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const preview = await previewInvitation(await getDb(), token);
  const user = await currentUser();
  const here = `/invite/${token}`;
  if (!preview || preview.status !== "open") {
    return (
      <main className="page-narrow">
        <div className="card">
          <h1>Invitation unavailable</h1>
          <p className="muted">
            {!preview ? "This link is not valid." : `This invitation has ${preview.status === "expired" ? "expired" : `already been ${preview.status}`}.`} Ask
            the project owner for a new link.
          </p>
          <Link href="/projects">Go to your projects</Link>
        </div>
      </main>
    );
  }
  return (
    <main className="page-narrow">
      <div className="card">
        <h1>Join “{preview.projectTitle}”</h1>
        <p className="muted">
          You were invited as <span className={`badge ${preview.role}`}>{preview.role}</span> ({preview.email}).
        </p>
        {user ? (
          <AcceptInvitation token={token} userEmail={user.email} invitedEmail={preview.email} />
        ) : (
          <div className="stack">
            <Link className="button primary" href={`/signup?next=${encodeURIComponent(here)}&email=${encodeURIComponent(preview.email)}`}>
              Create an account and join
            </Link>
            <p className="muted">
              Already have an account? <Link href={`/signin?next=${encodeURIComponent(here)}&email=${encodeURIComponent(preview.email)}`}>Sign in to join</Link>
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
