import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { displayEndpoint } from "@/lib/ai/providers";
import { createRun } from "@/lib/db/evaluation-runs";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { AppError } from "@/lib/errors";
import { applyVariant, effectiveVariant, needsScratchCopy, type RunSettings, type Variant } from "./variant";

// Starting a run: the variant is checked against the knowledge base, the effective settings are snapshotted with the
// models they ran against, and the run is queued for the workers (or run by the caller, the CLI).

/** What a run stores as its settings: everything needed to say later what exactly was measured. */
export interface RunSnapshot extends RunSettings {
  /** "scratch": the documents were chunked again in a scratch copy (chunk-size variant). */
  corpus: "live" | "scratch";
  chatEndpoint: string;
  embeddingModel: string;
  embeddingDimension: number;
  embeddingEndpoint: string;
  contextWindow: number;
  hasCustomInstructions: boolean;
}

export interface StartRunOptions {
  withAnswers: boolean;
  source: "web" | "cli";
  createdById: string | null;
  /** Hands the run to the background workers (the web pages); the CLI runs it itself. */
  enqueue: (runId: string) => Promise<void>;
}

/** Creates a run of a set with the base's settings and the variant, and queues it. */
export async function startRun(scope: KnowledgeBaseScope, setId: string, variant: Variant, options: StartRunOptions) {
  const kb = await getKnowledgeBase(scope, scope.knowledgeBaseIds[0]!);
  const applied = applyVariant(kb, variant);
  if ("problem" in applied) throw new AppError("invalid_input", applied.problem);
  const settings = applied.settings;
  const snapshot: RunSnapshot = {
    ...settings,
    corpus: needsScratchCopy(kb, settings) ? "scratch" : "live",
    chatEndpoint: displayEndpoint(kb.chatBaseUrl),
    embeddingModel: kb.embeddingModel,
    embeddingDimension: kb.embeddingDimension,
    embeddingEndpoint: displayEndpoint(kb.embeddingBaseUrl),
    contextWindow: kb.contextWindow,
    hasCustomInstructions: !!kb.answerInstructions?.trim(),
  };
  const run = await createRun(scope, setId, {
    settings: { ...snapshot },
    variant: effectiveVariant(kb, settings),
    withAnswers: options.withAnswers,
    source: options.source,
    createdById: options.createdById,
  });
  await options.enqueue(run.id);
  return run;
}
