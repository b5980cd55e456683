import "server-only";

// Route handlers, unlike server actions, get no origin check from Next.js: a form on another site could POST to them
// with the user's cookies. So a state-changing route accepts only requests its own pages sent.

/** Whether a request comes from this app's own pages: Sec-Fetch-Site says so, or else the Origin names this host. */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  // Behind a reverse proxy the browser's host arrives as X-Forwarded-Host, as Next's own server-action check reads it.
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}
