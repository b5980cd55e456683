import type { Metadata } from "next";
import Link from "next/link";
import { formatUtc } from "@/components/documents/format";
import { MetricHistoryChart } from "@/components/evaluation/metric-history-chart";
import { MetricsSummary } from "@/components/evaluation/metrics-summary";
import { ResultsTable, type ResultRowView } from "@/components/evaluation/results-table";
import { RunProgress } from "@/components/evaluation/run-progress";
import { isActive } from "@/components/evaluation/run-view";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getResults, getRun, listRuns, metricHistory, type RunResult } from "@/lib/db/evaluation-runs";
import { compareRuns, countChanges, type Change } from "@/lib/eval/compare";
import type { RunSnapshot } from "@/lib/eval/runs";
import type { RunMetrics } from "@/lib/eval/summary";
import { describeVariant, type Variant } from "@/lib/eval/variant";
import { evaluationPage } from "../../access";
import { cancelRunAction } from "../../actions";
import { notFoundPage } from "../../load";
import { NotEditor } from "../../not-editor";
import { toRunView } from "../../run-view";
import { CompareForm, ResultFilter } from "./controls";

export const metadata: Metadata = { title: "Evaluation run" };

type Filter = "all" | "changed" | "worse";

export default async function EvaluationRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; runId: string }>;
  searchParams: Promise<{ compare?: string; show?: string }>;
}) {
  const { slug, runId } = await params;
  const query = await searchParams;
  const { knowledgeBase, editorScope, base } = await evaluationPage(slug);
  if (!editorScope) return <NotEditor team={knowledgeBase.team.name} />;
  const run = await getRun(editorScope, runId).catch(notFoundPage);
  const path = `${base}/runs/${run.id}`;
  const settings = run.settings as unknown as RunSnapshot;
  const header = (
    <PageHeader
      title={`${run.set.name}: ${describeVariant(run.variant as Variant)}`}
      description={
        <>
          <Link href={`${base}/sets/${run.setId}`} className="hover:underline" data-testid="run-set-link">← {run.set.name}</Link> · started{" "}
          <time dateTime={run.createdAt.toISOString()}>{formatUtc(run.createdAt)}</time>
          {run.source === "cli" ? " from the command line" : ""}
        </>
      }
    />
  );
  const settingsSection = (
    <Section title="Settings of this run" testId="run-settings">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        {[
          ["Search", settings.mode === "auto" ? "hybrid when embedded, else words" : settings.mode],
          ["Top-k", settings.topK],
          ["Relevance floor", settings.relevanceFloor],
          ["Chunk size / overlap", `${settings.chunkSize} / ${settings.chunkOverlap}${settings.corpus === "scratch" ? " (scratch copy)" : ""}`],
          ["Embedding model", `${settings.embeddingModel} (${settings.embeddingDimension})`],
          ["Chat model", run.withAnswers ? `${settings.chatModel} at ${settings.chatEndpoint}` : "no answers generated"],
          ["Context window", settings.contextWindow],
          ["Instructions", settings.hasCustomInstructions ? "the base's own" : "Enclave's default"],
        ].map(([label, value]) => (
          <div key={String(label)}>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd data-testid={`run-setting-${String(label).toLowerCase().replace(/[^a-z]+/g, "-")}`}>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );

  if (isActive(run.status) || run.status === "failed" || run.status === "cancelled") {
    return (
      <>
        {header}
        <Section title="Progress" testId="run-progress-section">
          <RunProgress initial={await toRunView(run)} statusUrl={`${path}/status`} knowledgeBase={knowledgeBase.slug} cancelAction={cancelRunAction} />
        </Section>
        {settingsSection}
      </>
    );
  }

  const [results, runs, history] = await Promise.all([getResults(editorScope, run.id), listRuns(editorScope, run.setId), metricHistory(editorScope, run.setId)]);
  const earlier = runs.filter((other) => other.id !== run.id && other.status === "succeeded");
  // Default: the run just before this one, so "run, change a setting, run again" shows the change at once.
  const compareId = query.compare === "none" ? undefined : (earlier.find((other) => other.id === query.compare) ?? earlier.find((other) => other.createdAt < run.createdAt))?.id;
  const compared = compareId ? earlier.find((other) => other.id === compareId) : undefined;
  const comparedResults = compared ? await getResults(editorScope, compared.id) : undefined;
  const compareDiffs = comparedResults ? compareRuns(comparedResults, results) : undefined;
  const counts = compareDiffs ? countChanges(compareDiffs) : undefined;
  const diffs: { after?: RunResult; change?: Change; reasons: string[] }[] = compareDiffs ?? results.map((row) => ({ after: row, reasons: [] }));
  const filter: Filter = query.show === "changed" || query.show === "worse" ? query.show : "all";
  const shown = diffs.filter((diff) => diff.after && (filter === "all" || (filter === "worse" ? diff.change === "worse" || diff.change === "mixed" : diff.change !== "same")));

  return (
    <>
      {header}
      {(run.notes as string[]).length ? (
        <ul className="mb-4 space-y-1 text-sm text-amber-800 dark:text-amber-300" data-testid="run-notes">
          {(run.notes as string[]).map((note) => <li key={note}>{note}</li>)}
        </ul>
      ) : null}
      <Section title="Metrics" testId="run-metrics-section">
        <MetricsSummary metrics={run.metrics as unknown as RunMetrics} compared={compared?.metrics as unknown as RunMetrics | undefined} />
      </Section>
      <Section title="Compare" testId="compare-section">
        <div className="space-y-3">
          <CompareForm
            action={path}
            selected={compareId ?? "none"}
            options={earlier.map((other) => ({ id: other.id, label: `${formatUtc(other.createdAt)} · ${describeVariant(other.variant as Variant)}` }))}
          />
          {counts ? (
            <p className="text-sm" data-testid="compare-summary">
              Against the run of {formatUtc(compared!.createdAt)} ({describeVariant(compared!.variant as Variant)}): <strong data-testid="compare-worse">{counts.worse}</strong> worse,{" "}
              <strong data-testid="compare-better">{counts.better}</strong> better, {counts.mixed} mixed, {counts.same} unchanged
              {counts.new ? `, ${counts.new} new` : ""}
              {counts.removed ? `, ${counts.removed} no longer in the set` : ""}.
            </p>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{earlier.length ? "Choose an earlier run to see which questions changed." : "This is the set's first finished run: run it again with other settings to compare."}</p>
          )}
          <MetricHistoryChart
            currentRunId={run.id}
            points={history.map((point) => ({
              runId: point.id,
              href: `${base}/runs/${point.id}`,
              label: `${formatUtc(point.createdAt)} · ${describeVariant(point.variant)}`,
              values: { "ndcg@10": point.metrics["ndcg@10"], "recall@k": point.metrics["recall@k"], "mrr@10": point.metrics["mrr@10"] },
            }))}
          />
        </div>
      </Section>
      <Section title={`Questions (${results.length})`} testId="results-section">
        {comparedResults ? <ResultFilter path={path} compare={compareId!} current={filter} /> : null}
        <ResultsTable hasComparison={!!comparedResults} rows={shown.map((diff) => toRowView(diff.after!, diff.change, diff.reasons))} />
      </Section>
      {settingsSection}
    </>
  );
}

function toRowView(row: RunResult, change: ResultRowView["change"], reasons: string[]): ResultRowView {
  return {
    ordinal: row.ordinal,
    question: row.question,
    expected: row.expected,
    expectedAnswer: row.expectedAnswer,
    isUnanswerable: row.isUnanswerable,
    retrieved: row.retrieved,
    answer: row.answer,
    citations: row.citations,
    metrics: row.metrics,
    notice: row.notice,
    change,
    reasons,
  };
}
