import NextAuth, { AuthError, CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { getDb } from "@/db/client";
import { getUserByEmail, insertUserUnlessEmailExists } from "@/db/queries/users";
import { systemClock } from "../clock";
import { verifyCredentials } from "./accounts";
import { emailSchema } from "./schema";

export { AuthError, CredentialsSignin };

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

/** The first address in X-Forwarded-For (set by Next's server, or by the reverse proxy in front of it). */
function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || null;
}

/** Extra sign-in providers, each switched on only when its env vars are set (README: "Environment"). */
function externalProviders(): NextAuthConfig["providers"] {
  const providers: NextAuthConfig["providers"] = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) providers.push(GitHub);
  if (process.env.AUTH_OIDC_ISSUER && process.env.AUTH_OIDC_ID && process.env.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: process.env.AUTH_OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer: process.env.AUTH_OIDC_ISSUER,
      clientId: process.env.AUTH_OIDC_ID,
      clientSecret: process.env.AUTH_OIDC_SECRET,
    });
  }
  return providers;
}

export const externalProviderIds = () => externalProviders().map((provider) => (typeof provider === "function" ? provider().id : provider.id));

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Credentials sign-in only works with JWT sessions; the guards still read the user's current role from the
  // database on every request, so a role change or a deleted account takes effect at once.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  trustHost: true,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const result = await verifyCredentials(
          await getDb(),
          { email: credentials?.email, password: credentials?.password, address: clientAddress(request) },
          systemClock,
        );
        if (result.ok) return result.value;
        if (result.error.code === "auth/rate-limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
    ...externalProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.type === "credentials") return true;
      // An external identity becomes (or finds) a learner account with the same verified email.
      const email = emailSchema.safeParse(user.email);
      if (!email.success) return false;
      const db = await getDb();
      await insertUserUnlessEmailExists(db, {
        email: email.data,
        name: user.name ?? email.data,
        passwordHash: null,
        role: "learner",
      });
      return true;
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        if (account.type === "credentials") token.uid = user.id;
        else if (user.email) token.uid = (await getUserByEmail(await getDb(), user.email.toLowerCase()))?.id;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
