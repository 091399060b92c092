import Link from "next/link";
import { signOutAction } from "@/app/auth-actions";
import type { SessionUser } from "@/server/trpc";

export function TopBar({ user }: { user: SessionUser | null }) {
  return (
    <header className="topbar">
      <Link href={user ? "/projects" : "/"} className="brand">
        <span className="brand-mark" aria-hidden /> Concord
      </Link>
      {user && <Link href="/projects">Projects</Link>}
      <span className="spacer" />
      {user ? (
        <>
          <span className="who">{user.name} · {user.email}</span>
          <form action={signOutAction}>
            <button className="link" type="submit">Sign out</button>
          </form>
        </>
      ) : (
        <>
          <Link href="/signin">Sign in</Link>
          <Link href="/signup">Create account</Link>
        </>
      )}
    </header>
  );
}
