import type { ComponentProps } from "react";
import type { ApiKeySummary } from "@/lib/db/api-keys";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

type FormAction = ComponentProps<typeof ActionForm>["action"];

/** A knowledge base's keys: what each is for, its access, when it was last used, and a way to revoke it. */
export function ApiKeysTable({ keys, revokeAction }: { keys: ApiKeySummary[]; revokeAction: FormAction }) {
  if (keys.length === 0) {
    return (
      <EmptyState title="No API keys yet" testId="api-keys-empty">
        Create one below to let another system search this knowledge base or add documents to it.
      </EmptyState>
    );
  }
  const cell = "px-3 py-2 align-middle";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="api-keys-table">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <tr>
            <th className={cell}>Name</th>
            <th className={cell}>Key</th>
            <th className={cell}>Access</th>
            <th className={cell}>Created</th>
            <th className={cell}>Last used</th>
            <th className={cell}>Status</th>
            <th className={cell}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800" data-testid="api-key-row">
              <td className={`${cell} font-medium`} data-testid="api-key-row-name">{key.name}</td>
              <td className={cell}>
                <code data-testid="api-key-row-prefix">{key.prefix}…</code>
              </td>
              <td className={cell} data-testid="api-key-row-scope">{key.scope}</td>
              <td className={cell}>
                <Time value={key.createdAt} />
              </td>
              <td className={cell} data-testid="api-key-row-last-used">
                {key.lastUsedAt ? <Time value={key.lastUsedAt} /> : "Never"}
              </td>
              <td className={cell} data-testid="api-key-row-status">
                {key.revokedAt ? (
                  <span className="text-red-700 dark:text-red-400">
                    Revoked <Time value={key.revokedAt} />
                  </span>
                ) : (
                  <span className="text-emerald-700 dark:text-emerald-400">Active</span>
                )}
              </td>
              <td className={`${cell} text-right`}>
                {key.revokedAt ? null : (
                  <ActionForm action={revokeAction} confirmText={`Revoke “${key.name}”? Systems using it lose access at once.`} testId="api-key-revoke-form">
                    <input type="hidden" name="keyId" value={key.id} />
                    <Button type="submit" variant="secondary" data-testid="api-key-revoke">
                      Revoke
                    </Button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// UTC, so the server-rendered text does not depend on where the server runs.
function Time({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{value.toISOString().slice(0, 16).replace("T", " ")} UTC</time>;
}
