import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getTeam } from "@/lib/db/teams";
import { adminPageScope, orNotFound } from "../../require-admin";
import { deleteTeamAction, removeMemberAction, setMemberAction, updateTeamAction } from "../actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { admin } = await adminPageScope();
  const { id } = await params;
  const team = await orNotFound(getTeam(admin, id));
  return (
    <>
      <PageHeader title={team.name} description={<Link href="/admin/teams" className="hover:underline">← All teams</Link>} />
      <Section title="Members" testId="team-members">
        <ActionForm action={setMemberAction} className="mb-4 flex flex-wrap items-end gap-3" testId="add-member-form">
          <input type="hidden" name="teamId" value={team.id} />
          <div className="min-w-64 flex-1">
            <TextField label="User's e-mail" name="email" type="email" required data-testid="member-email" />
          </div>
          <SelectField label="Team role" name="role" defaultValue="reader" data-testid="member-role">
            <option value="reader">Reader: may ask questions</option>
            <option value="editor">Editor: may also add and delete documents</option>
          </SelectField>
          <Button type="submit" data-testid="add-member-submit">Add or update</Button>
        </ActionForm>
        {team.memberships.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No members yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {team.memberships.map((membership) => (
              <li key={membership.userId} className="flex items-center justify-between py-2 text-sm" data-testid="member-row" data-email={membership.user.email}>
                <span>
                  {membership.user.email} · {membership.role}
                  {membership.source === "idp" ? " · from IdP group" : ""}
                  {membership.user.disabledAt ? " · disabled" : ""}
                </span>
                <ActionForm action={removeMemberAction}>
                  <input type="hidden" name="teamId" value={team.id} />
                  <input type="hidden" name="userId" value={membership.userId} />
                  <Button variant="ghost" type="submit">Remove</Button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Knowledge bases">
        {team.knowledgeBases.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            None yet. <Link className="underline" href="/admin/knowledge-bases/new">Create one</Link> for this team.
          </p>
        ) : (
          <ul className="text-sm">
            {team.knowledgeBases.map((kb) => (
              <li key={kb.id}>
                <Link className="hover:underline" href={`/admin/knowledge-bases/${kb.id}`}>{kb.name}</Link> <span className="text-zinc-500">({kb.slug})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Settings">
        <ActionForm action={updateTeamAction} className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="teamId" value={team.id} />
          <TextField label="Name" name="name" defaultValue={team.name} required />
          <TextField label="IdP group" name="idpGroup" defaultValue={team.idpGroup ?? ""} hint="Single sign-on users in this group join as readers." />
          <div className="sm:col-span-2">
            <Button type="submit">Save</Button>
          </div>
        </ActionForm>
      </Section>
      <Section title="Delete this team" tone="danger">
        <ActionForm action={deleteTeamAction} className="flex flex-wrap items-end gap-3" confirmText={`Delete the team ${team.name}?`}>
          <input type="hidden" name="teamId" value={team.id} />
          <div className="min-w-64">
            <TextField label={`Type ${team.name} to confirm`} name="confirmName" autoComplete="off" required />
          </div>
          <Button variant="danger" type="submit">Delete team</Button>
        </ActionForm>
      </Section>
    </>
  );
}
