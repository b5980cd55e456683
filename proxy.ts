import { NextResponse, type NextRequest } from "next/server";

// Optimistic redirect only: a request without a session cookie is sent to the login page early.
// Every page, route and action still checks the session against the database itself (lib/auth/session.ts).
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  // Public: the login page, Auth.js endpoints, health, the machine API (API keys), and static assets. The upload
  // route checks the session itself and is left out because Next caps bodies passing through the proxy at 10 MB.
  matcher: ["/((?!login|api/auth|api/health|api/v1|_next/static|_next/image|favicon.ico|knowledge-bases/[^/]+/documents/upload).*)"],
};
