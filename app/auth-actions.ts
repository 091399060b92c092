"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/server/auth";

export interface SignInState {
  error?: string;
  /** Echoed back so the form keeps what the person typed after a failed attempt. */
  email?: string;
}

/** Only same-site paths may be redirect targets, so a crafted link cannot bounce users elsewhere. */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/projects";
}

export async function signInAction(_state: SignInState, form: FormData): Promise<SignInState> {
  try {
    await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirectTo: safeNext(form.get("next")),
    });
    return {};
  } catch (error) {
    const email = String(form.get("email") ?? "");
    if (error instanceof CredentialsSignin) {
      return error.code === "rate_limited"
        ? { email, error: "Too many failed attempts for this e-mail. Wait 15 minutes and try again." }
        : { email, error: "Wrong e-mail or password." };
    }
    if (error instanceof AuthError) return { email, error: "Sign-in failed. Please try again." };
    throw error; // Next's redirect after a successful sign-in travels as an exception
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
