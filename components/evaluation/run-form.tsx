"use client";

import type { ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

interface RunFormProps {
  action: ComponentProps<typeof ActionForm>["action"];
  knowledgeBase: string;
  setId: string;
  /** The knowledge base's current settings, shown as what a blank field keeps. */
  current: { topK: number; relevanceFloor: number; chunkSize: number; chunkOverlap: number; chatModel: string };
}

/** Runs a set with the base's current settings, or a what-if variant of them (blank fields keep the current value). */
export function RunForm({ action, knowledgeBase, setId, current }: RunFormProps) {
  return (
    <ActionForm action={action} className="space-y-3" testId="run-form">
      <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
      <input type="hidden" name="setId" value={setId} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Leave a field blank to keep the knowledge base&apos;s current setting. Nothing here changes the live knowledge base.</p>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label="Top-k (passages)" name="topK" type="number" min={1} max={100} placeholder={String(current.topK)} hint={`Current: ${current.topK}`} data-testid="run-top-k" />
        <SelectField label="Search" name="mode" defaultValue="" data-testid="run-mode">
          <option value="">Current (hybrid when embedded)</option>
          <option value="hybrid">Hybrid (words + vectors)</option>
          <option value="lexical">Words only (BM25)</option>
          <option value="dense">Vectors only</option>
        </SelectField>
        <TextField label="Relevance floor (0–1)" name="relevanceFloor" type="number" min={0} max={1} step={0.01} placeholder={String(current.relevanceFloor)} hint={`Current: ${current.relevanceFloor}`} data-testid="run-floor" />
        <TextField label="Chunk size (tokens)" name="chunkSize" type="number" min={16} max={8192} placeholder={String(current.chunkSize)} hint="Another size chunks a scratch copy of the documents again (slower)." data-testid="run-chunk-size" />
        <TextField label="Chunk overlap (tokens)" name="chunkOverlap" type="number" min={0} max={4096} placeholder={String(current.chunkOverlap)} hint={`Current: ${current.chunkOverlap}`} data-testid="run-chunk-overlap" />
        <TextField label="Chat model" name="chatModel" placeholder={current.chatModel} hint="Same endpoint; used for answers." data-testid="run-model" />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="withAnswers" defaultChecked data-testid="run-with-answers" />
        Also generate answers (expected phrases, citation precision, refusals; needs the chat model, and is slower)
      </label>
      <Button type="submit" data-testid="run-submit">Run evaluation</Button>
    </ActionForm>
  );
}
