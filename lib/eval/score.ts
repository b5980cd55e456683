import type { ResultCitation, RetrievedDocument } from "@/lib/db/evaluation-runs";
import type { RetrievalResult } from "@/lib/rag/retrieve";
import { citationPrecision, isRefusal, phraseMatch } from "./answer-metrics";
import type { EvaluationAnswer } from "./answers";
import { relevantIds, type Expected } from "./questions";
import { retrievalMetrics, type QuestionMetrics } from "./summary";

// One question's outcome: the documents an answer would be given, their metrics, and, when the run answers, the
// answer's phrase match, citation precision and refusal.

export interface QuestionOutcome {
  retrieved: RetrievedDocument[];
  answer: string | null;
  citations: ResultCitation[];
  metrics: QuestionMetrics;
  notice: string | null;
}

interface ScoredQuestion {
  expected: Expected;
  keyPhrases: string[];
  expectedAnswer: string | null;
  isUnanswerable: boolean;
}

// When nothing clears the floor, the nearest documents are kept (marked) to show why the question was refused.
const NEAREST_SHOWN = 3;

/** The retrieval half: documents ranked by their best passage among those an answer would get. */
export function scoreRetrieval(question: ScoredQuestion, result: Pick<RetrievalResult, "passages" | "nearest" | "mode" | "notice">): QuestionOutcome {
  const retrieved = documentsOf(result.passages);
  const refused = result.passages.length === 0;
  const nearest = refused ? documentsOf(result.nearest).filter((doc) => doc.relevance > 0).slice(0, NEAREST_SHOWN).map((doc) => ({ ...doc, isBelowFloor: true })) : [];
  return {
    retrieved: [...retrieved, ...nearest],
    answer: null,
    citations: [],
    metrics: { ...retrievalMetrics(retrieved.map((doc) => doc.sourceId), question.expected), refused, ...(refused ? { refusedBy: "retrieval" as const } : {}) },
    notice: result.notice ?? null,
  };
}

/** Adds the answer half to a question's outcome. */
export function scoreAnswer(question: ScoredQuestion, outcome: QuestionOutcome, answer: EvaluationAnswer): QuestionOutcome {
  if (answer.status === "failed") {
    return { ...outcome, answer: answer.text || null, metrics: { ...outcome.metrics, answerError: answer.error ?? "The model failed." } };
  }
  const relevant = new Set(relevantIds(question.expected));
  const refusedByModel = answer.status === "answered" && isRefusal(answer.text);
  const refused = answer.status === "refused" || refusedByModel;
  const citations: ResultCitation[] = answer.cited.map(({ number, passage }) => ({ number, sourceId: passage.sourceId, title: passage.title, isExpected: relevant.has(passage.sourceId) }));
  const phrases = question.isUnanswerable ? undefined : phraseMatch(refused ? "" : answer.text, question.keyPhrases, question.expectedAnswer);
  const precision = citationPrecision(citations.map((citation) => citation.sourceId), relevant);
  return {
    ...outcome,
    answer: answer.text,
    citations,
    metrics: {
      ...outcome.metrics,
      refused,
      ...(refused ? { refusedBy: answer.refusedBy ?? "model" } : { refusedBy: undefined }),
      ...(phrases === undefined ? {} : { phraseMatch: phrases }),
      ...(precision === undefined ? {} : { citationPrecision: precision }),
    },
  };
}

function documentsOf(passages: readonly { sourceId: string; title: string; relevance: number }[]): RetrievedDocument[] {
  const best = new Map<string, RetrievedDocument>();
  for (const passage of passages) {
    const seen = best.get(passage.sourceId);
    if (!seen) best.set(passage.sourceId, { sourceId: passage.sourceId, title: passage.title, relevance: passage.relevance });
    else seen.relevance = Math.max(seen.relevance, passage.relevance);
  }
  return [...best.values()];
}
