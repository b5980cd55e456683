import { checkHealth } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

/** Reachability of the database and the default chat and embedding models, with the reason when one is down. */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
