import type { Metadata } from "next";
import Link from "next/link";
import { formatUtc } from "@/components/documents/format";
import { formatMetric } from "@/components/evaluation/format";
import { ImportForm } from "@/components/evaluation/import-form";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { countThumbsDown } from "@/lib/db/evaluation-feedback";
import { listSets } from "@/lib/db/evaluation-sets";
import type { RunMetrics } from "@/lib/eval/summary";
import { describeVariant, type Variant } from "@/lib/eval/variant";
import { evaluationPage } from "./access";
import { createSetAction, generateFromFeedbackAction } from "./actions";
import { NotEditor } from "./not-editor";

export const metadata: Metadata = { title: "Evaluation" };

export default async function EvaluationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { knowledgeBase, editorScope, base } = await evaluationPage((await params).slug);
  const header = (
    <PageHeader
      title="Evaluation"
      description={`Questions whose right sources are known, run against ${knowledgeBase.name} to measure retrieval and answers, and to catch regressions before a change goes live.`}
    />
  );
  if (!editorScope) return <>{header}<NotEditor team={knowledgeBase.team.name} /></>;
  const [sets, thumbsDown] = await Promise.all([listSets(editorScope), countThumbsDown(editorScope)]);
  return (
    <>
      {header}
      <Section title="Evaluation sets" testId="sets-section">
        {sets.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="sets-empty">No sets yet: import questions below, create an empty set, or start from thumbs-down feedback.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="set-list">
            {sets.map((set) => {
              const last = set.runs[0];
              const metrics = (last?.metrics ?? {}) as unknown as Partial<RunMetrics>;
              return (
                <li key={set.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="set-row" data-name={set.name}>
                  <div>
                    <Link href={`${base}/sets/${set.id}`} className="font-medium hover:underline" data-testid="set-link">{set.name}</Link>
                    <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">{set._count.questions} questions · {set._count.runs} runs</span>
                  </div>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    {last ? (
                      <>
                        last run <Link className="underline" href={`${base}/runs/${last.id}`}>{formatUtc(last.createdAt)}</Link> ({last.status}, {describeVariant(last.variant as Variant)}): nDCG@10{" "}
                        {formatMetric(metrics["ndcg@10"])}, Recall@{metrics.k ?? "k"} {formatMetric(metrics["recall@k"])}
                      </>
                    ) : (
                      "never run"
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
      <Section title="Import questions" testId="import-section">
        <ImportForm importUrl={`${base}/import`} setPathPrefix={`${base}/sets/`} />
      </Section>
      <div className="grid gap-6 md:grid-cols-2">
        <Section title="New empty set" testId="create-set-section">
          <ActionForm action={createSetAction} className="space-y-3" testId="create-set-form">
            <input type="hidden" name="knowledgeBase" value={knowledgeBase.slug} />
            <TextField label="Name" name="name" required maxLength={200} data-testid="create-set-name" />
            <TextField label="Description (optional)" name="description" maxLength={2000} />
            <Button type="submit" data-testid="create-set-submit">Create set</Button>
          </ActionForm>
        </Section>
        <Section title="From thumbs-down feedback" testId="feedback-section">
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            {thumbsDown === 0
              ? "No answer of this knowledge base has a thumbs-down yet."
              : `${thumbsDown} answers were rated down. Their questions become draft questions of the set “From thumbs-down feedback”; add the sources each should have found, then run it.`}
          </p>
          {thumbsDown > 0 ? (
            <ActionForm action={generateFromFeedbackAction} testId="feedback-form">
              <input type="hidden" name="knowledgeBase" value={knowledgeBase.slug} />
              <Button type="submit" variant="secondary" data-testid="feedback-generate">Generate questions from feedback</Button>
            </ActionForm>
          ) : null}
        </Section>
      </div>
    </>
  );
}
