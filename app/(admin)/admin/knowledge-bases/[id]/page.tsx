import type { Metadata } from "next";
import Link from "next/link";
import { KnowledgeBasePrivacyFields } from "@/components/admin/knowledge-base-privacy-fields";
import { KnowledgeBaseSettingsFields } from "@/components/admin/knowledge-base-settings-fields";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { displayEndpoint } from "@/lib/ai/providers";
import { getKnowledgeBaseForAdmin } from "@/lib/db/knowledge-bases";
import { listTeamNames } from "@/lib/db/teams";
import { env } from "@/lib/env";
import { hostedWarning } from "@/lib/privacy/model-location";
import { formatPatternLines } from "@/lib/privacy/pii/patterns";
import { adminPageScope, orNotFound } from "../../require-admin";
import { deleteKnowledgeBaseAction, updateKnowledgeBaseAction } from "../actions";

export const metadata: Metadata = { title: "Knowledge base" };

export default async function KnowledgeBasePage({ params }: { params: Promise<{ id: string }> }) {
  const { admin } = await adminPageScope();
  const { id } = await params;
  const [kb, teams] = await Promise.all([orNotFound(getKnowledgeBaseForAdmin(admin, id)), listTeamNames(admin)]);
  // Only whether a key is stored reaches the page, never the (encrypted) key.
  const privacy = {
    modelLocation: kb.modelLocation,
    hasApiKey: kb.chatApiKeyEncrypted !== null,
    piiPatternLines: formatPatternLines(kb.piiPatterns),
    ...(kb.modelLocation === "hosted" ? { hostedWarning: hostedWarning(displayEndpoint(kb.chatBaseUrl)) } : {}),
    isLocalOnly: env().ENCLAVE_LOCAL_ONLY,
  };
  return (
    <>
      <PageHeader
        title={kb.name}
        description={
          <>
            <Link href="/admin/knowledge-bases" className="hover:underline">← All knowledge bases</Link> · namespace <code data-testid="kb-namespace">{kb.slug}</code> · team {kb.team.name} ·{" "}
            {kb._count.documents} document(s), {kb._count.chunks} chunk(s)
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/knowledge-bases/${kb.slug}/documents`} className="rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700" data-testid="kb-documents-link">
              Documents
            </Link>
            <Link href={`/admin/knowledge-bases/${kb.id}/keys`} className="rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700" data-testid="kb-keys-link">
              API keys
            </Link>
          </div>
        }
      />
      <Section title="Settings">
        <ActionForm action={updateKnowledgeBaseAction} className="grid gap-3 sm:grid-cols-2" testId="kb-settings-form">
          <input type="hidden" name="knowledgeBaseId" value={kb.id} />
          <TextField label="Name" name="name" defaultValue={kb.name} required />
          <SelectField label="Team" name="teamId" defaultValue={kb.teamId} required>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </SelectField>
          <KnowledgeBaseSettingsFields values={kb} />
          <KnowledgeBasePrivacyFields values={privacy} />
          <div className="sm:col-span-2">
            <Button type="submit" data-testid="kb-settings-submit">Save settings</Button>
          </div>
        </ActionForm>
      </Section>
      <Section title="Delete this knowledge base" tone="danger">
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Removes its {kb._count.documents} document(s) with every chunk and vector. Chats that used it stay with their owners, read-only.
        </p>
        <ActionForm action={deleteKnowledgeBaseAction} className="flex flex-wrap items-end gap-3" testId="kb-delete-form">
          <input type="hidden" name="knowledgeBaseId" value={kb.id} />
          <div className="min-w-64">
            <TextField label={`Type ${kb.slug} to confirm`} name="confirmSlug" autoComplete="off" required data-testid="kb-delete-confirm" />
          </div>
          <Button variant="danger" type="submit" data-testid="kb-delete-submit">Delete knowledge base</Button>
        </ActionForm>
      </Section>
    </>
  );
}
