import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string }> }) {
  const { next, email } = await searchParams;
  return (
    <main className="page-narrow">
      <div className="card">
        <h1>Create your account</h1>
        <p className="muted">One account for all your reviews; co-reviewers join with an invitation link.</p>
        <SignUpForm next={next} email={email} />
      </div>
      <p className="muted" style={{ textAlign: "center" }}>
        Already have an account? <Link href={`/signin${next ? `?next=${encodeURIComponent(next)}` : ""}`}>Sign in</Link>
      </p>
    </main>
  );
}
