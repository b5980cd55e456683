import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Section } from "@/components/ui/section";
import { listTeams } from "@/lib/db/teams";
import { adminPageScope } from "../require-admin";
import { createTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const { admin } = await adminPageScope();
  const { q, page } = await searchParams;
  const teams = await listTeams(admin, { q, page: Number(page) || 1 });
  return (
    <>
      <PageHeader title="Teams" description="Each knowledge base belongs to one team; its editors add documents and its readers ask questions." />
      <Section title="Create a team">
        <ActionForm action={createTeamAction} className="grid gap-3 sm:grid-cols-2" testId="create-team-form">
          <TextField label="Name" name="name" required data-testid="new-team-name" />
          <TextField label="IdP group (optional)" name="idpGroup" hint="Single sign-on users in this group join as readers." />
          <div className="sm:col-span-2">
            <Button type="submit" data-testid="create-team-submit">Create team</Button>
          </div>
        </ActionForm>
      </Section>
      <div className="mb-3">
        <SearchForm placeholder="Search teams" defaultValue={q} />
      </div>
      {teams.items.length === 0 ? (
        <EmptyState title={q ? `No team matches “${q}”` : "No teams yet"}>Create a team, then give it members and a knowledge base.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="team-list">
          {teams.items.map((team) => (
            <li key={team.id} className="flex items-center justify-between p-4">
              <Link href={`/admin/teams/${team.id}`} className="font-medium hover:underline" data-testid="team-link">
                {team.name}
              </Link>
              <span className="text-sm text-zinc-600 dark:text-zinc-400">
                {team._count.memberships} member(s) · {team._count.knowledgeBases} knowledge base(s){team.idpGroup ? ` · IdP group ${team.idpGroup}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={teams.page} pageCount={teams.pageCount} basePath="/admin/teams" params={{ q }} />
    </>
  );
}
