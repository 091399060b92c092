import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { verifyCredentials } from "@/server/review/accounts/verify-credentials";
import { authSecret } from "./auth-secret";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

// Credentials + JWT sessions: no session table, so the web tier stays stateless.
export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        const result = await verifyCredentials(await getDb(), {
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
        });
        if (result.ok) return result.user;
        throw result.reason === "rate_limited" ? new RateLimited() : new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.name = user.name;
        token.email = user.email;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid) session.user.id = String(token.uid);
      return session;
    },
  },
});
