import { TextAreaField, TextField } from "@/components/ui/field";

export interface SettingsValues {
  chatBaseUrl: string;
  chatModel: string;
  embeddingBaseUrl: string;
  embeddingModel: string;
  embeddingDimension: number;
  topK: number;
  relevanceFloor: number;
  chunkSize: number;
  chunkOverlap: number;
  contextWindow: number;
  answerInstructions: string | null;
  logQuestions: boolean;
  showFeedbackIdentity: boolean;
}

/** The model and retrieval settings of a knowledge base, shared by its create and edit forms. */
export function KnowledgeBaseSettingsFields({ values }: { values: SettingsValues }) {
  return (
    <>
      <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium text-zinc-600 dark:text-zinc-400">Models (OpenAI-compatible endpoints)</legend>
        <TextField label="Chat endpoint" name="chatBaseUrl" defaultValue={values.chatBaseUrl} required hint="Ollama: http://localhost:11434/v1 · LM Studio: http://localhost:1234/v1" />
        <TextField label="Chat model" name="chatModel" defaultValue={values.chatModel} required />
        <TextField label="Embedding endpoint" name="embeddingBaseUrl" defaultValue={values.embeddingBaseUrl} required />
        <TextField label="Embedding model" name="embeddingModel" defaultValue={values.embeddingModel} required />
        <TextField label="Embedding dimension" name="embeddingDimension" type="number" min={1} defaultValue={values.embeddingDimension} required hint="all-minilm: 384 · nomic-embed-text: 768" />
        <TextField label="Context window (tokens)" name="contextWindow" type="number" min={512} defaultValue={values.contextWindow} required hint="Used when the endpoint does not report it; Ollama on CPU: 4096." />
      </fieldset>
      <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-4">
        <legend className="mb-2 text-sm font-medium text-zinc-600 dark:text-zinc-400">Retrieval</legend>
        <TextField label="Passages per answer (top-k)" name="topK" type="number" min={1} max={100} defaultValue={values.topK} required />
        <TextField
          label="Relevance floor (0–1)"
          name="relevanceFloor"
          type="number"
          min={0}
          max={1}
          step={0.05}
          defaultValue={values.relevanceFloor}
          required
          hint="Below it a passage is not evidence; with none above it, Enclave says it does not know."
        />
        <TextField label="Chunk size (tokens)" name="chunkSize" type="number" min={16} defaultValue={values.chunkSize} required />
        <TextField label="Chunk overlap (tokens)" name="chunkOverlap" type="number" min={0} defaultValue={values.chunkOverlap} required />
      </fieldset>
      <div className="sm:col-span-2">
        <TextAreaField
          label="Answer instructions"
          name="answerInstructions"
          rows={3}
          defaultValue={values.answerInstructions ?? ""}
          hint="Optional. Empty: answer only from the numbered passages, cite them as [1], and say so when they do not contain the answer."
        />
      </div>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="logQuestions" defaultChecked={values.logQuestions} />
        Record question text in the audit log (off by default for privacy)
      </label>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="showFeedbackIdentity" defaultChecked={values.showFeedbackIdentity} data-testid="kb-show-feedback-identity" />
        Show who gave feedback to the base&apos;s editors (off by default: they see the answers rated, not who rated them)
      </label>
    </>
  );
}
