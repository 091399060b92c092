"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/auth-actions";

export function SignInForm({ next, email }: { next?: string; email?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action}>
      {state.error && <div className="alert error" role="alert">{state.error}</div>}
      <input type="hidden" name="next" value={next ?? "/projects"} />
      <div className="field">
        <label htmlFor="email">E-mail</label>
        <input id="email" name="email" type="email" autoComplete="email" defaultValue={state.email ?? email} key={state.email ?? "initial"} required autoFocus={!state.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(state.email)} />
      </div>
      <button className="primary" type="submit" disabled={pending} style={{ width: "100%", justifyContent: "center" }}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
