import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { authenticateWithPassword } from "./credentials";
import { clientIp } from "./request";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

// Lazy configuration: the secret is read when the first request arrives, not while `next build` imports this.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  logger: {
    // A wrong password is an expected answer (audited in lib/auth/credentials.ts), not a server error.
    error(error) {
      // `type`, not `name`: class names are minified in the production build.
      const type = (error as { type?: string }).type ?? error.name;
      if (type !== "CredentialsSignin") console.error(`[auth] ${type}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticateWithPassword(parsed.data.email, parsed.data.password, clientIp(request.headers));
        return user && { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub ?? "" }, sessionVersion: token.sessionVersion };
    },
  },
}));
