import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requireUser } from "@/lib/auth/session";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-xl px-4 py-8">
      <PageHeader title="Account" description={`${user.email} · ${user.role}`} />
      <Section title="Change password">
        <ActionForm action={changePasswordAction} className="grid gap-3" testId="change-password-form">
          <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required data-testid="current-password" />
          <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} hint={`At least ${MIN_PASSWORD_LENGTH} characters. You will be signed out everywhere.`} data-testid="new-password" />
          <TextField label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required data-testid="confirm-password" />
          <div>
            <Button type="submit" data-testid="change-password-submit">Change password</Button>
          </div>
        </ActionForm>
      </Section>
    </main>
  );
}
