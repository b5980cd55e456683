import Link from "next/link";
import type { ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { formatExpected } from "./format";

export interface QuestionRowView {
  id: string;
  href: string;
  question: string;
  expected: Record<string, number>;
  keyPhrases: string[];
  isUnanswerable: boolean;
  warnings: string[];
}

interface QuestionListProps {
  questions: QuestionRowView[];
  knowledgeBase: string;
  deleteAction: ComponentProps<typeof ActionForm>["action"];
}

/** A set's questions with what each expects, its warnings, and edit and delete. */
export function QuestionList({ questions, knowledgeBase, deleteAction }: QuestionListProps) {
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="question-list">
      {questions.map((question) => (
        <li key={question.id} className="flex flex-wrap items-start justify-between gap-3 py-2 text-sm" data-testid="question-row" data-question-id={question.id}>
          <div className="min-w-0 flex-1">
            <p className="font-medium" data-testid="question-row-text">{question.question}</p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              {question.isUnanswerable ? "unanswerable" : `expects ${formatExpected(question.expected) || "nothing yet"}`}
              {question.keyPhrases.length ? ` · phrases: ${question.keyPhrases.join(" | ")}` : ""}
            </p>
            {question.warnings.map((warning) => (
              <p key={warning} className="text-xs text-amber-800 dark:text-amber-300" data-testid="question-warning">
                {warning}
              </p>
            ))}
          </div>
          <div className="flex items-center gap-2">
            <Link href={question.href} className="rounded-lg px-2 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800" data-testid="question-edit">
              Edit
            </Link>
            <ActionForm action={deleteAction} confirmText="Delete this question? Earlier runs keep their copy of it.">
              <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
              <input type="hidden" name="questionId" value={question.id} />
              <Button type="submit" variant="ghost" className="px-2 py-1 text-xs" data-testid="question-delete">Delete</Button>
            </ActionForm>
          </div>
        </li>
      ))}
    </ul>
  );
}
