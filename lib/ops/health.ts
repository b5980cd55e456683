import "server-only";
import { checkModel, type ModelStatus } from "@/lib/ai/model-status";
import { defaultModelSettings } from "@/lib/ai/providers";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; reason?: string };
  chatModel: ModelStatus;
  embeddingModel: ModelStatus;
}

/** Checks the database and the default chat and embedding models, all at once. */
export async function checkHealth(): Promise<HealthReport> {
  const settings = defaultModelSettings();
  const timeout = env().ENCLAVE_HEALTH_TIMEOUT_MS;
  const [database, chatModel, embeddingModel] = await Promise.all([
    checkDatabaseHealth(),
    checkModel(settings.chatBaseUrl, settings.chatModel, timeout),
    checkModel(settings.embeddingBaseUrl, settings.embeddingModel, timeout),
  ]);
  const status = !database.ok ? "down" : chatModel.ok && embeddingModel.ok ? "ok" : "degraded";
  return { status, database, chatModel, embeddingModel };
}

async function checkDatabaseHealth(): Promise<HealthReport["database"]> {
  try {
    const rows = await db().$queryRaw<{ version: string }[]>`SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'`;
    return rows.length ? { ok: true } : { ok: false, reason: "The pgvector extension is not installed in the database." };
  } catch (error) {
    // The driver's message can name hosts and users; the log gets it, the public report a fixed sentence.
    console.error("health: database check failed:", error instanceof Error ? error.message : error);
    return { ok: false, reason: "The database is not answering; see the server log." };
  }
}
