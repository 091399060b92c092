"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { signInAction } from "@/app/auth-actions";

export function SignUpForm({ next, email: invitedEmail }: { next?: string; email?: string }) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const [signingIn, startSignIn] = useTransition();
  const signUp = useMutation(trpc.accounts.signUp.mutationOptions());

  async function submit(form: FormData) {
    setError(null);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    if (password !== form.get("confirm")) return setError("The two passwords differ.");
    try {
      await signUp.mutateAsync({ email, password, name: String(form.get("name")) });
    } catch (e) {
      return setError(errorMessage(e));
    }
    startSignIn(async () => {
      const data = new FormData();
      data.set("email", email);
      data.set("password", password);
      data.set("next", next ?? "/projects");
      const result = await signInAction({}, data);
      if (result.error) setError(result.error);
    });
  }

  const busy = signUp.isPending || signingIn;
  return (
    <form action={submit}>
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="email">E-mail</label>
        <input id="email" name="email" type="email" autoComplete="email" defaultValue={invitedEmail} required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required />
        <div className="hint">At least 8 characters.</div>
      </div>
      <div className="field">
        <label htmlFor="confirm">Repeat password</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={8} required />
      </div>
      <button className="primary" type="submit" disabled={busy} style={{ width: "100%", justifyContent: "center" }}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
