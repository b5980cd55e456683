import type { Metadata } from "next";
import Link from "next/link";
import { formatUtc } from "@/components/documents/format";
import { ImportForm } from "@/components/evaluation/import-form";
import { MetricHistoryChart } from "@/components/evaluation/metric-history-chart";
import { QuestionForm } from "@/components/evaluation/question-form";
import { QuestionList } from "@/components/evaluation/question-list";
import { RunForm } from "@/components/evaluation/run-form";
import { RunsTable } from "@/components/evaluation/runs-table";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Section } from "@/components/ui/section";
import { listRuns, metricHistory } from "@/lib/db/evaluation-runs";
import { getSet, listQuestions } from "@/lib/db/evaluation-sets";
import type { RunMetrics } from "@/lib/eval/summary";
import { describeVariant, type Variant } from "@/lib/eval/variant";
import { evaluationPage } from "../../access";
import { deleteQuestionAction, deleteSetAction, saveQuestionAction, startRunAction } from "../../actions";
import { notFoundPage } from "../../load";
import { NotEditor } from "../../not-editor";

export const metadata: Metadata = { title: "Evaluation set" };

export default async function EvaluationSetPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; setId: string }>;
  searchParams: Promise<{ page?: string; generated?: string }>;
}) {
  const { slug, setId } = await params;
  const { page, generated } = await searchParams;
  const { knowledgeBase, editorScope, base } = await evaluationPage(slug);
  if (!editorScope) return <NotEditor team={knowledgeBase.team.name} />;
  const set = await getSet(editorScope, setId).catch(notFoundPage);
  const [questions, runs, history] = await Promise.all([listQuestions(editorScope, set.id, Number(page) || 1), listRuns(editorScope, set.id), metricHistory(editorScope, set.id)]);
  const setPath = `${base}/sets/${set.id}`;
  return (
    <>
      <PageHeader
        title={set.name}
        description={
          <>
            <Link href={base} className="hover:underline">← Evaluation</Link> · {set._count.questions} questions{set.description ? ` · ${set.description}` : ""}
          </>
        }
      />
      {generated !== undefined ? (
        <p role="status" className="mb-4 text-sm text-emerald-700 dark:text-emerald-400" data-testid="generated-notice">
          Added {generated} draft questions from thumbs-down feedback. Add the expected sources of each (Edit), or mark it unanswerable, to score it.
        </p>
      ) : null}
      <Section title="Run this set" testId="run-section">
        <RunForm
          action={startRunAction}
          knowledgeBase={knowledgeBase.slug}
          setId={set.id}
          current={{ topK: knowledgeBase.topK, relevanceFloor: knowledgeBase.relevanceFloor, chunkSize: knowledgeBase.chunkSize, chunkOverlap: knowledgeBase.chunkOverlap, chatModel: knowledgeBase.chatModel }}
        />
      </Section>
      <Section title="Runs" testId="runs-section">
        <div className="space-y-4">
          <MetricHistoryChart
            points={history.map((run) => ({
              runId: run.id,
              href: `${base}/runs/${run.id}`,
              label: `${formatUtc(run.createdAt)} · ${describeVariant(run.variant)}`,
              values: { "ndcg@10": run.metrics["ndcg@10"], "recall@k": run.metrics["recall@k"], "mrr@10": run.metrics["mrr@10"] },
            }))}
          />
          <RunsTable
            runs={runs.map((run) => ({
              id: run.id,
              href: `${base}/runs/${run.id}`,
              status: run.status,
              createdAt: run.createdAt.toISOString(),
              variant: describeVariant(run.variant as Variant),
              source: run.source,
              processed: run.processed,
              total: run.total,
              metrics: run.metrics as unknown as Partial<RunMetrics>,
            }))}
          />
        </div>
      </Section>
      <Section title={`Questions (${questions.total})`} testId="questions-section">
        {questions.items.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="questions-empty">No questions yet: add one below, or import a file.</p> : null}
        <QuestionList
          knowledgeBase={knowledgeBase.slug}
          deleteAction={deleteQuestionAction}
          questions={questions.items.map((question) => ({ ...question, href: `${setPath}/questions/${question.id}` }))}
        />
        <Pagination page={questions.page} pageCount={questions.pageCount} basePath={setPath} params={{}} />
      </Section>
      <Section title="Add a question" testId="add-question-section">
        <QuestionForm action={saveQuestionAction} knowledgeBase={knowledgeBase.slug} setId={set.id} />
      </Section>
      <Section title="Import more questions" testId="import-more-section">
        <ImportForm importUrl={`${base}/import`} setPathPrefix={`${base}/sets/`} setId={set.id} />
      </Section>
      <Section title="Delete this set" tone="danger" testId="delete-set-section">
        <ActionForm action={deleteSetAction} confirmText={`Delete the set “${set.name}” with its questions and all its runs?`} testId="delete-set-form">
          <input type="hidden" name="knowledgeBase" value={knowledgeBase.slug} />
          <input type="hidden" name="setId" value={set.id} />
          <Button type="submit" variant="danger" data-testid="delete-set">Delete set and its runs</Button>
        </ActionForm>
      </Section>
    </>
  );
}
