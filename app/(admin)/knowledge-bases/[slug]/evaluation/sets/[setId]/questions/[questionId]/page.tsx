import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { QuestionForm } from "@/components/evaluation/question-form";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getQuestion } from "@/lib/db/evaluation-sets";
import { expectedIdsText } from "@/lib/eval/edit-question";
import { evaluationPage } from "../../../../access";
import { saveQuestionAction } from "../../../../actions";
import { notFoundPage } from "../../../../load";
import { NotEditor } from "../../../../not-editor";

export const metadata: Metadata = { title: "Edit question" };

export default async function EditQuestionPage({ params }: { params: Promise<{ slug: string; setId: string; questionId: string }> }) {
  const { slug, setId, questionId } = await params;
  const { knowledgeBase, editorScope, base } = await evaluationPage(slug);
  if (!editorScope) return <NotEditor team={knowledgeBase.team.name} />;
  const question = await getQuestion(editorScope, questionId).catch(notFoundPage);
  if (question.setId !== setId) notFound();
  return (
    <>
      <PageHeader title="Edit question" description={<Link href={`${base}/sets/${setId}`} className="hover:underline">← Back to the set</Link>} />
      {question.warnings.length ? (
        <ul className="mb-4 text-sm text-amber-800 dark:text-amber-300">
          {question.warnings.map((warning) => <li key={warning}>{warning}</li>)}
        </ul>
      ) : null}
      <Section title="Question">
        <QuestionForm
          action={saveQuestionAction}
          knowledgeBase={knowledgeBase.slug}
          setId={setId}
          question={{
            id: question.id,
            question: question.question,
            expectedIds: expectedIdsText(question.expected),
            keyPhrases: question.keyPhrases.join(" | "),
            expectedAnswer: question.expectedAnswer ?? "",
            isUnanswerable: question.isUnanswerable,
          }}
        />
      </Section>
    </>
  );
}
