"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/auth/action";
import { createKnowledgeBase, deleteKnowledgeBase, updateKnowledgeBase } from "@/lib/db/knowledge-bases";
import { enqueueEmbedding } from "@/lib/ingest/queue";
import { createKnowledgeBaseSchema, deleteKnowledgeBaseSchema, updateKnowledgeBaseSchema } from "./schema";

export const createKnowledgeBaseAction = adminAction(createKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  const kb = await createKnowledgeBase(admin, input, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect(`/admin/knowledge-bases/${kb.id}`);
});

export const updateKnowledgeBaseAction = adminAction(updateKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  const { knowledgeBaseId, ...changes } = input;
  const { needsReembedding } = await updateKnowledgeBase(admin, knowledgeBaseId, changes, ip);
  if (needsReembedding) await enqueueEmbedding(knowledgeBaseId);
  revalidatePath(`/admin/knowledge-bases/${knowledgeBaseId}`);
  return {
    message: needsReembedding
      ? `Saved. Every passage is being embedded with ${changes.embeddingModel} in the background; the current model answers until it is done.`
      : "Saved.",
  };
});

export const deleteKnowledgeBaseAction = adminAction(deleteKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  await deleteKnowledgeBase(admin, input.knowledgeBaseId, input.confirmSlug, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect("/admin/knowledge-bases");
});
