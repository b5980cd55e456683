import { apiJson, apiRoute } from "@/lib/api/respond";
import { getCurrentUser } from "@/lib/auth/session";
import { getRun } from "@/lib/db/evaluation-runs";
import { authorizeEvaluator } from "../../../access";
import { toRunView } from "../../../run-view";

type Context = { params: Promise<{ slug: string; runId: string }> };

/** A run's progress for its page, which polls it while the run is queued or running. */
export const GET = apiRoute(async (_request, { params }: Context) => {
  const user = await getCurrentUser();
  if (!user) return apiJson({ error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } }, 401);
  const { slug, runId } = await params;
  const { scope } = await authorizeEvaluator(user, slug);
  return apiJson(await toRunView(await getRun(scope, runId)));
});
