import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listAuditEvents } from "@/lib/db/audit";
import { adminPageScope } from "../require-admin";

export const metadata: Metadata = { title: "Audit log" };

const ACTION_GROUPS = [
  { value: "", label: "All events" },
  { value: "auth.", label: "Sign-ins" },
  { value: "user.", label: "Users" },
  { value: "team.", label: "Teams" },
  { value: "knowledge_base.", label: "Knowledge bases" },
  { value: "document.", label: "Documents" },
  { value: "api_key.", label: "API keys" },
  { value: "feedback.", label: "Feedback" },
];

type Search = { action?: string; actor?: string; from?: string; to?: string; page?: string };

function parseDay(value: string | undefined, endOfDay = false): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = new Date(`${value}T00:00:00Z`);
  if (endOfDay) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { admin } = await adminPageScope();
  const search = await searchParams;
  const events = await listAuditEvents(admin, {
    action: search.action,
    actor: search.actor,
    from: parseDay(search.from),
    to: parseDay(search.to, true),
    page: Number(search.page) || 1,
  });
  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in, change and deletion, with who, when and from where. Entries cannot be edited or removed." />
      <form className="mb-4 grid gap-3 sm:grid-cols-5" data-testid="audit-filters">
        <label className="text-sm">
          Kind
          <select name="action" defaultValue={search.action ?? ""} className={inputClass}>
            {ACTION_GROUPS.map((group) => (
              <option key={group.value} value={group.value}>
                {group.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Actor e-mail
          <input name="actor" defaultValue={search.actor} className={inputClass} />
        </label>
        <label className="text-sm">
          From (UTC)
          <input type="date" name="from" defaultValue={search.from} className={inputClass} />
        </label>
        <label className="text-sm">
          To (UTC)
          <input type="date" name="to" defaultValue={search.to} className={inputClass} />
        </label>
        <div className="flex items-end">
          <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
            Filter
          </button>
        </div>
      </form>
      {events.items.length === 0 ? (
        <EmptyState title="No events match these filters" />
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="p-3">Time (UTC)</th>
                <th className="p-3">Event</th>
                <th className="p-3">Actor</th>
                <th className="p-3">Target</th>
                <th className="p-3">Address</th>
                <th className="p-3">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {events.items.map((event) => (
                <tr key={String(event.id)} data-testid="audit-row" data-action={event.action}>
                  <td className="whitespace-nowrap p-3">{event.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td className="p-3 font-mono text-xs">{event.action}</td>
                  <td className="p-3">{event.actorEmail ?? "—"}</td>
                  <td className="p-3 text-xs">{event.targetType ? `${event.targetType} ${event.targetId}` : "—"}</td>
                  <td className="p-3 text-xs">{event.ip ?? "—"}</td>
                  <td className="max-w-md truncate p-3 font-mono text-xs" title={JSON.stringify(event.details)}>
                    {JSON.stringify(event.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={events.page} pageCount={events.pageCount} basePath="/admin/audit" params={{ action: search.action, actor: search.actor, from: search.from, to: search.to }} />
    </>
  );
}
