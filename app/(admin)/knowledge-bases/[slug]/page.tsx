import { redirect } from "next/navigation";
import { knowledgeBasePage } from "../access";

export default async function KnowledgeBaseIndex({ params }: { params: Promise<{ slug: string }> }) {
  const { knowledgeBase } = await knowledgeBasePage((await params).slug);
  redirect(`/knowledge-bases/${knowledgeBase.slug}/documents`);
}
