"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/auth/action";
import { createKnowledgeBase, deleteKnowledgeBase, getKnowledgeBaseForAdmin, updateKnowledgeBase } from "@/lib/db/knowledge-bases";
import { env } from "@/lib/env";
import { enqueueEmbedding } from "@/lib/ingest/queue";
import { checkModelLocationChange, checkNewKnowledgeBaseEndpoints } from "@/lib/privacy/kb-settings";
import { createKnowledgeBaseSchema, deleteKnowledgeBaseSchema, updateKnowledgeBaseSchema } from "./schema";

const privacyEnvironment = () => ({ localOnly: env().ENCLAVE_LOCAL_ONLY, secretKey: env().ENCLAVE_SECRET_KEY });

export const createKnowledgeBaseAction = adminAction(createKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  await checkNewKnowledgeBaseEndpoints(input, privacyEnvironment());
  const kb = await createKnowledgeBase(admin, input, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect(`/admin/knowledge-bases/${kb.id}`);
});

export const updateKnowledgeBaseAction = adminAction(updateKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  const { knowledgeBaseId, modelLocation, chatApiKey, isHostedConfirmed, piiPatterns, ...changes } = input;
  const before = await getKnowledgeBaseForAdmin(admin, knowledgeBaseId);
  const location = await checkModelLocationChange(
    before,
    { modelLocation, chatApiKey, isHostedConfirmed, chatBaseUrl: changes.chatBaseUrl, embeddingBaseUrl: changes.embeddingBaseUrl },
    privacyEnvironment(),
  );
  const privacy = { ...location.data, piiPatterns, keyAudit: location.audit.chatApiKey };
  const { needsReembedding } = await updateKnowledgeBase(admin, knowledgeBaseId, changes, ip, privacy);
  if (needsReembedding) await enqueueEmbedding(knowledgeBaseId);
  revalidatePath(`/admin/knowledge-bases/${knowledgeBaseId}`);
  const saved = needsReembedding
    ? `Saved. Every passage is being embedded with ${changes.embeddingModel} in the background; the current model answers until it is done.`
    : "Saved.";
  return { message: [saved, ...location.warnings].join(" ") };
});

export const deleteKnowledgeBaseAction = adminAction(deleteKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  await deleteKnowledgeBase(admin, input.knowledgeBaseId, input.confirmSlug, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect("/admin/knowledge-bases");
});
