import type { Metadata } from "next";
import Link from "next/link";
import { KnowledgeBaseSettingsFields } from "@/components/admin/knowledge-base-settings-fields";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { defaultKnowledgeBaseSettings } from "@/lib/db/knowledge-bases";
import { listTeamNames } from "@/lib/db/teams";
import { adminPageScope } from "../../require-admin";
import { createKnowledgeBaseAction } from "../actions";

export const metadata: Metadata = { title: "New knowledge base" };

export default async function NewKnowledgeBasePage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const { admin } = await adminPageScope();
  const teams = await listTeamNames(admin);
  const { team } = await searchParams;
  if (teams.length === 0) {
    return (
      <EmptyState title="Create a team first">
        A knowledge base belongs to a team. <Link className="underline" href="/admin/teams">Create a team</Link>, then come back.
      </EmptyState>
    );
  }
  return (
    <>
      <PageHeader title="New knowledge base" description={<Link href="/admin/knowledge-bases" className="hover:underline">← All knowledge bases</Link>} />
      <Section title="Knowledge base">
        <ActionForm action={createKnowledgeBaseAction} className="grid gap-3 sm:grid-cols-2" testId="create-kb-form">
          <TextField label="Name" name="name" required data-testid="kb-name" />
          <TextField label="Namespace" name="slug" required pattern="[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?" hint="Lower-case letters, digits and hyphens; used in URLs and the API. Cannot change later." data-testid="kb-slug" />
          <SelectField label="Team" name="teamId" defaultValue={team} required data-testid="kb-team">
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <div />
          <KnowledgeBaseSettingsFields values={defaultKnowledgeBaseSettings()} />
          <div className="sm:col-span-2">
            <Button type="submit" data-testid="create-kb-submit">Create knowledge base</Button>
          </div>
        </ActionForm>
      </Section>
    </>
  );
}
