import type { Metadata } from "next";
import { LogFilters } from "@/components/admin/log-filters";
import { LogTable, logTime } from "@/components/admin/log-table";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { isUuid } from "@/lib/db/ids";
import { maskedBreakdown } from "@/lib/privacy/badge";
import { listEgressEvents, listEgressKnowledgeBases } from "@/lib/privacy/egress";
import { totalCount } from "@/lib/privacy/pii/kinds";
import { parseDay } from "../log-dates";
import { adminPageScope } from "../require-admin";

export const metadata: Metadata = { title: "Egress log" };

type Search = { kb?: string; user?: string; from?: string; to?: string; page?: string };

const STATUS_CLASS: Record<string, string> = {
  ok: "text-emerald-700 dark:text-emerald-400",
  blocked: "text-red-700 dark:text-red-400",
};

/** Every call to a hosted model: who, where, which model, tokens, how much was masked and the payload's hash. */
export default async function EgressPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { admin } = await adminPageScope();
  const search = await searchParams;
  const knowledgeBaseId = search.kb && isUuid(search.kb) ? search.kb : undefined;
  const [events, knowledgeBases] = await Promise.all([
    listEgressEvents(admin, { knowledgeBaseId, user: search.user, from: parseDay(search.from), to: parseDay(search.to, true), page: Number(search.page) || 1 }),
    listEgressKnowledgeBases(admin),
  ]);
  return (
    <>
      <PageHeader
        title="Egress log"
        description="Every call to a hosted model, with what was masked and the SHA-256 of the exact payload sent. Prompts and answers are never stored here. Entries cannot be edited or removed."
      />
      <LogFilters testId="egress-filters" from={search.from} to={search.to}>
        <label className="text-sm">
          Knowledge base
          <select name="kb" defaultValue={knowledgeBaseId ?? ""} className={inputClass}>
            <option value="">All</option>
            {knowledgeBases.map((kb) => (
              <option key={kb.id} value={kb.id}>
                {kb.slug}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          User e-mail
          <input name="user" defaultValue={search.user} className={inputClass} />
        </label>
      </LogFilters>
      <LogTable testId="egress-table" columns={["Time (UTC)", "Knowledge base and user", "Call", "Masked", "Payload SHA-256"]} emptyTitle="No calls to hosted models match these filters" isEmpty={events.items.length === 0}>
        {events.items.map((event) => (
          <tr key={event.id} data-testid="egress-row" data-status={event.status} className="align-top">
            <td className="whitespace-nowrap p-3">{logTime(event.at)}</td>
            <td className="p-3 text-xs">
              <span className="block font-mono">{event.knowledgeBaseSlug}</span>
              {event.userEmail ?? (event.apiKeyId ? `API key ${event.apiKeyId.slice(0, 8)}` : "—")}
            </td>
            <td className="p-3 text-xs">
              <span className="block break-all font-mono">{event.endpoint}</span>
              {event.model} · {event.purpose} · {event.promptTokens ?? "?"} → {event.completionTokens ?? "?"} tokens ·{" "}
              <span className={STATUS_CLASS[event.status] ?? "text-amber-700 dark:text-amber-400"}>{event.status}</span>
            </td>
            <td className="min-w-36 p-3 text-xs" data-testid="egress-masked" title={JSON.stringify(event.maskedCounts)}>
              <span className="font-medium">{totalCount(event.maskedCounts)}</span>
              {totalCount(event.maskedCounts) > 0 ? <span className="block text-zinc-500">{maskedBreakdown(event.maskedCounts)}</span> : null}
            </td>
            <td className="w-44 break-all p-3 font-mono text-xs" data-testid="egress-hash" title={`SHA-256 of the ${event.payloadBytes} bytes sent`}>
              {event.payloadSha256}
            </td>
          </tr>
        ))}
      </LogTable>
      <Pagination page={events.page} pageCount={events.pageCount} basePath="/admin/egress" params={{ kb: knowledgeBaseId, user: search.user, from: search.from, to: search.to }} />
    </>
  );
}
