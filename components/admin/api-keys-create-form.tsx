import type { ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

type FormAction = ComponentProps<typeof ActionForm>["action"];

/** Names a new key and picks its access; the action reveals the secret below the form, once. */
export function ApiKeysCreateForm({ knowledgeBaseId, knowledgeBaseSlug, action }: { knowledgeBaseId: string; knowledgeBaseSlug: string; action: FormAction }) {
  return (
    <>
      <p className="mb-4 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400" data-testid="api-key-once-note">
        The key is shown once, right after you create it: copy it then, <strong>you will not see it again</strong> (Enclave keeps only a
        fingerprint). Systems send it as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>, e.g. to{" "}
        <code>/api/v1/knowledge-bases/{knowledgeBaseSlug}</code>.
      </p>
      <ActionForm action={action} className="grid max-w-xl gap-3" testId="api-key-create-form">
        <input type="hidden" name="knowledgeBaseId" value={knowledgeBaseId} />
        <TextField label="Name" name="name" required maxLength={100} placeholder="e.g. Intranet search" hint="Say which system uses it, so you know what stops working if you revoke it." data-testid="api-key-name" />
        <SelectField label="Access" name="scope" defaultValue="read" data-testid="api-key-scope">
          <option value="read">Read: search and ask questions</option>
          <option value="write">Write: also add, replace and delete documents</option>
        </SelectField>
        <div>
          <Button type="submit" data-testid="api-key-create">
            Create key
          </Button>
        </div>
      </ActionForm>
    </>
  );
}
