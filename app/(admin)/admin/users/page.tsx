import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Section } from "@/components/ui/section";
import { listUsers } from "@/lib/db/users";
import { adminPageScope } from "../require-admin";
import { createUserAction, deleteUserAction, resetPasswordAction, setUserDisabledAction, setUserRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const { admin } = await adminPageScope();
  const { q, page } = await searchParams;
  const users = await listUsers(admin, { q, page: Number(page) || 1 });
  return (
    <>
      <PageHeader title="Users" description="People who may sign in. Team membership decides which knowledge bases they see." />
      <Section title="Add a user">
        <ActionForm action={createUserAction} className="grid gap-3 sm:grid-cols-2" testId="create-user-form">
          <TextField label="E-mail" name="email" type="email" required data-testid="new-user-email" />
          <TextField label="Name" name="name" />
          <SelectField label="Role" name="role" defaultValue="member" data-testid="new-user-role">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </SelectField>
          <TextField label="Password" name="password" type="password" autoComplete="new-password" hint="Leave empty to generate one, shown once." data-testid="new-user-password" />
          <div className="sm:col-span-2">
            <Button type="submit" data-testid="create-user-submit">Add user</Button>
          </div>
        </ActionForm>
      </Section>
      <div className="mb-3">
        <SearchForm placeholder="Search by e-mail or name" defaultValue={q} />
      </div>
      {users.items.length === 0 ? (
        <EmptyState title={q ? `No user matches “${q}”` : "No users yet"} />
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="user-list">
          {users.items.map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-3 p-4" data-testid="user-row" data-email={user.email}>
              <div className="min-w-48 flex-1">
                <p className="font-medium">
                  {user.email} {user.disabledAt ? <span className="ml-2 rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-700">disabled</span> : null}
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {user.name ?? "—"} · {user.role} · {user.memberships.map((m) => `${m.team.name} (${m.role})`).join(", ") || "no team"}
                  {user.oidcSubject ? " · single sign-on" : ""} · last sign-in {user.lastLoginAt ? user.lastLoginAt.toISOString().slice(0, 16).replace("T", " ") : "never"}
                </p>
              </div>
              <ActionForm action={setUserRoleAction} className="flex items-center gap-2">
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="role" value={user.role === "admin" ? "member" : "admin"} />
                <Button variant="secondary" type="submit">{user.role === "admin" ? "Make member" : "Make admin"}</Button>
              </ActionForm>
              <ActionForm action={setUserDisabledAction}>
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
                <Button variant="secondary" type="submit" data-testid="toggle-disabled">{user.disabledAt ? "Enable" : "Disable"}</Button>
              </ActionForm>
              <ActionForm action={resetPasswordAction} confirmText={`Reset the password of ${user.email}? They will be signed out.`}>
                <input type="hidden" name="userId" value={user.id} />
                <Button variant="secondary" type="submit" data-testid="reset-password">Reset password</Button>
              </ActionForm>
              <ActionForm action={deleteUserAction} confirmText={`Delete ${user.email} and their chats? This cannot be undone.`}>
                <input type="hidden" name="userId" value={user.id} />
                <Button variant="danger" type="submit">Delete</Button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={users.page} pageCount={users.pageCount} basePath="/admin/users" params={{ q }} />
    </>
  );
}
