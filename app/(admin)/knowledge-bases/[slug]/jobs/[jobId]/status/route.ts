import { apiJson, apiRoute } from "@/lib/api/respond";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import { getCurrentUser } from "@/lib/auth/session";
import { getJob } from "@/lib/db/ingestion-jobs";
import { toJobView } from "../../job-view";

type Context = { params: Promise<{ slug: string; jobId: string }> };

/** The job's progress for the job page, which polls it while the job is queued or running. Readers may watch. */
export const GET = apiRoute(async (_request, { params }: Context) => {
  const user = await getCurrentUser();
  if (!user) return apiJson({ error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } }, 401);
  const { slug, jobId } = await params;
  const scope = await authorizeKnowledgeBase(user, slug, "read");
  return apiJson(toJobView(await getJob(scope, jobId)));
});
