"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/auth/action";
import { createKnowledgeBase, deleteKnowledgeBase, updateKnowledgeBase } from "@/lib/db/knowledge-bases";
import { createKnowledgeBaseSchema, deleteKnowledgeBaseSchema, updateKnowledgeBaseSchema } from "./schema";

export const createKnowledgeBaseAction = adminAction(createKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  const kb = await createKnowledgeBase(admin, input, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect(`/admin/knowledge-bases/${kb.id}`);
});

export const updateKnowledgeBaseAction = adminAction(updateKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  const { knowledgeBaseId, ...changes } = input;
  await updateKnowledgeBase(admin, knowledgeBaseId, changes, ip);
  revalidatePath(`/admin/knowledge-bases/${knowledgeBaseId}`);
  return { message: "Saved." };
});

export const deleteKnowledgeBaseAction = adminAction(deleteKnowledgeBaseSchema, async ({ admin, input, ip }) => {
  await deleteKnowledgeBase(admin, input.knowledgeBaseId, input.confirmSlug, ip);
  revalidatePath("/admin/knowledge-bases");
  redirect("/admin/knowledge-bases");
});
