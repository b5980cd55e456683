import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeysCreateForm } from "@/components/admin/api-keys-create-form";
import { ApiKeysTable } from "@/components/admin/api-keys-table";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { listApiKeys } from "@/lib/db/api-keys";
import { adminPageScope, orNotFound } from "../../../require-admin";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ id: string }> }) {
  const { admin } = await adminPageScope();
  const { id } = await params;
  const { knowledgeBase, keys } = await orNotFound(listApiKeys(admin, id));
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            <Link href={`/admin/knowledge-bases/${knowledgeBase.id}`} className="hover:underline" data-testid="api-keys-back">
              ← {knowledgeBase.name}
            </Link>{" "}
            · keys let other systems use the namespace <code>{knowledgeBase.slug}</code> through the REST API under <code>/api/v1</code>.
          </>
        }
      />
      <Section title="Keys" testId="api-keys-section">
        <ApiKeysTable keys={keys} revokeAction={revokeApiKeyAction} />
      </Section>
      <Section title="Create a key">
        <ApiKeysCreateForm knowledgeBaseId={knowledgeBase.id} knowledgeBaseSlug={knowledgeBase.slug} action={createApiKeyAction} />
      </Section>
    </>
  );
}
