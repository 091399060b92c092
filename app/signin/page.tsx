import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string }> }) {
  const { next, email } = await searchParams;
  return (
    <main className="page-narrow">
      <div className="card">
        <h1>Sign in</h1>
        <p className="muted">Welcome back to Concord.</p>
        <SignInForm next={next} email={email} />
      </div>
      <p className="muted" style={{ textAlign: "center" }}>
        New here? <Link href={`/signup${next ? `?next=${encodeURIComponent(next)}` : ""}`}>Create an account</Link>
      </p>
    </main>
  );
}
