import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { parseWatermark, serializeWatermark, type Watermark } from "./watermark";

/**
 * The key of an incremental sync's remembered state: the source (without credentials), the query, the updated column
 * and the knowledge base. Changing any of them starts over with a full read.
 */
export function syncStateKey(knowledgeBaseId: string, sourceDisplay: string, query: string, updatedColumn: string): string {
  return createHash("sha256").update(JSON.stringify([knowledgeBaseId, sourceDisplay, query, updatedColumn])).digest("hex");
}

/** The watermark a previous incremental sync left, if any. */
export async function loadWatermark(knowledgeBaseId: string, sourceKey: string): Promise<Watermark | undefined> {
  const state = await db().syncState.findUnique({ where: { knowledgeBaseId_sourceKey: { knowledgeBaseId, sourceKey } } });
  return parseWatermark(state?.watermark);
}

/** Records a finished incremental sync; the watermark only moves forward. */
export async function saveWatermark(knowledgeBaseId: string, sourceKey: string, watermark: Watermark | undefined): Promise<void> {
  const data = { lastRunAt: new Date(), ...(watermark ? { watermark: serializeWatermark(watermark) } : {}) };
  await db().syncState.upsert({ where: { knowledgeBaseId_sourceKey: { knowledgeBaseId, sourceKey } }, create: { knowledgeBaseId, sourceKey, ...data }, update: data });
}
