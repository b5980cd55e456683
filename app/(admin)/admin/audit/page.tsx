import type { Metadata } from "next";
import { LogFilters } from "@/components/admin/log-filters";
import { LogTable, logTime } from "@/components/admin/log-table";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listAuditEvents } from "@/lib/db/audit";
import { parseDay } from "../log-dates";
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
      <LogFilters testId="audit-filters" from={search.from} to={search.to}>
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
      </LogFilters>
      <LogTable testId="audit-table" columns={["Time (UTC)", "Event", "Actor", "Target", "Address", "Details"]} emptyTitle="No events match these filters" isEmpty={events.items.length === 0}>
        {events.items.map((event) => (
          <tr key={String(event.id)} data-testid="audit-row" data-action={event.action}>
            <td className="whitespace-nowrap p-3">{logTime(event.at)}</td>
            <td className="p-3 font-mono text-xs">{event.action}</td>
            <td className="p-3">{event.actorEmail ?? "—"}</td>
            <td className="p-3 text-xs">{event.targetType ? `${event.targetType} ${event.targetId}` : "—"}</td>
            <td className="p-3 text-xs">{event.ip ?? "—"}</td>
            <td className="max-w-md truncate p-3 font-mono text-xs" title={JSON.stringify(event.details)}>
              {JSON.stringify(event.details)}
            </td>
          </tr>
        ))}
      </LogTable>
      <Pagination page={events.page} pageCount={events.pageCount} basePath="/admin/audit" params={{ action: search.action, actor: search.actor, from: search.from, to: search.to }} />
    </>
  );
}
