import "server-only";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { authorizeCredentials } from "./credentials";
import { getOidcUser, oidcProvider, oidcSettings, signInWithOidc } from "./oidc";
import { clientIp } from "./request";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

// Lazy configuration: the secret is read when the first request arrives, not while `next build` imports this.
// `request` is the incoming request in the route handlers (the OIDC callback among them), undefined elsewhere.
const nextAuth = NextAuth((request) => {
  const oidc = oidcSettings();
  const ip = request ? clientIp(request.headers) : null;
  return {
    secret: env().AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    logger: {
      // A wrong password or a refused single sign-on is an expected answer (audited where it is decided), not a
      // server error. Only messages are logged: an error's cause may carry the IdP's token response.
      error(error) {
        // `type`, not `name`: class names are minified in the production build.
        const type = (error as { type?: string }).type ?? error.name;
        const cause = (error.cause as { err?: unknown } | undefined)?.err;
        if (type === "CredentialsSignin" || (type === "AccessDenied" && !cause)) return;
        console.error(`[auth] ${type}: ${error.message}${cause instanceof Error ? ` (${cause.message})` : ""}`);
      },
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: authorizeCredentials,
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc" || !oidc) return true;
        // false sends the browser to /login?error=AccessDenied, which shows the same message for every refusal.
        const options = { groupsClaim: oidc.groupsClaim, isProvisioningAllowed: oidc.isProvisioningAllowed, ip };
        return (await signInWithOidc(profile ?? {}, options)).status === "ok";
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc") {
          // Auth.js made up a random id for the IdP's user: the token carries Enclave's user, as for a password.
          const oidcUser = await getOidcUser(profile ?? {});
          if (!oidcUser) throw new Error("The single sign-on user vanished between sign-in and session creation.");
          return { ...token, sub: oidcUser.id, email: oidcUser.email, name: oidcUser.name, sessionVersion: oidcUser.sessionVersion };
        }
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
  };
});

export const { auth, signIn, signOut } = nextAuth;

/** The Auth.js route handlers (app/api/auth/[...nextauth]), seeing the origin the browser used. */
export const handlers = {
  GET: async (request: NextRequest) => nextAuth.handlers.GET(await atBrowserOrigin(request)),
  POST: async (request: NextRequest) => nextAuth.handlers.POST(await atBrowserOrigin(request)),
};

// Next.js gives a route handler a URL made of its own bind address (and rewrites 127.0.0.1 to localhost), while
// server-side signIn() takes the origin from the Host / X-Forwarded-* headers. The OIDC callback must send the IdP the
// redirect_uri the sign-in sent, so without AUTH_URL the handlers get the request at the headers' origin, as a plain
// Request (a NextRequest would rewrite it again); Auth.js only reads standard Request members when AUTH_URL is unset.
async function atBrowserOrigin(request: NextRequest): Promise<NextRequest> {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (env().AUTH_URL || !host) return request; // with AUTH_URL, next-auth moves the request there itself
  const protocol = (request.headers.get("x-forwarded-proto") ?? "https").replace(/:$/, "");
  const { pathname, search } = new URL(request.url);
  const body = request.method === "POST" ? await request.text() : undefined;
  return new Request(new URL(pathname + search, `${protocol}://${host}`), { method: request.method, headers: request.headers, body }) as NextRequest;
}
