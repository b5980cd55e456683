"use client";

import type { ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";

interface QuestionFormProps {
  action: ComponentProps<typeof ActionForm>["action"];
  knowledgeBase: string;
  setId: string;
  /** Editing: the question's id and current values. */
  question?: { id: string; question: string; expectedIds: string; keyPhrases: string; expectedAnswer: string; isUnanswerable: boolean };
}

/** Adds a question to a set, or edits one. */
export function QuestionForm({ action, knowledgeBase, setId, question }: QuestionFormProps) {
  return (
    <ActionForm action={action} className="space-y-3" testId="question-form">
      <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
      <input type="hidden" name="setId" value={setId} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <TextAreaField label="Question" name="question" required rows={2} maxLength={4000} defaultValue={question?.question} data-testid="question-text" />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Expected source ids"
          name="expectedIds"
          defaultValue={question?.expectedIds}
          hint={<>The ids of the documents that answer it, separated by <code>|</code>; grade one as <code>id=2</code> when it is more relevant than the others.</>}
          data-testid="question-expected"
        />
        <TextField
          label="Key phrases"
          name="keyPhrases"
          defaultValue={question?.keyPhrases}
          hint={<>Words a good answer contains, separated by <code>|</code> (scored when the run generates answers).</>}
          data-testid="question-phrases"
        />
      </div>
      <TextAreaField label="Expected answer (optional)" name="expectedAnswer" rows={2} defaultValue={question?.expectedAnswer} hint="Shown beside the run's answer; used as the key phrase when there are none." />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="unanswerable" defaultChecked={question?.isUnanswerable} data-testid="question-unanswerable" />
        Unanswerable: the knowledge base does not contain the answer, and a good run refuses it
      </label>
      <Button type="submit" data-testid="question-submit">{question ? "Save question" : "Add question"}</Button>
    </ActionForm>
  );
}
