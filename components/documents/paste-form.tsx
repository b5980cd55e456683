"use client";

import { useState, type ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { sourceIdFromTitle } from "./source-id";

// Server actions take request bodies of up to 1 MB; the form's other fields and framing need a little of it.
const MAX_TEXT_BYTES = 1_000_000 - 16_384;

interface PasteFormProps {
  action: ComponentProps<typeof ActionForm>["action"];
  knowledgeBase: string;
}

/** Adds one document from pasted text; its id follows the title until the user edits it. */
export function PasteForm({ action, knowledgeBase }: PasteFormProps) {
  const [title, setTitle] = useState("");
  const [sourceId, setSourceId] = useState("");
  const [isIdEdited, setIsIdEdited] = useState(false);
  // Controlled, so a refused submission keeps what was pasted (React resets uncontrolled fields after an action).
  const [content, setContent] = useState("");
  const isTooLong = new TextEncoder().encode(content).length > MAX_TEXT_BYTES;
  return (
    <ActionForm action={action} className="space-y-3" testId="paste-form">
      <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Title"
          name="title"
          required
          maxLength={1000}
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            if (!isIdEdited) setSourceId(sourceIdFromTitle(event.target.value));
          }}
          data-testid="paste-title"
        />
        <TextField
          label="Id"
          name="sourceId"
          required
          maxLength={512}
          value={sourceId}
          onChange={(event) => {
            setSourceId(event.target.value);
            setIsIdEdited(event.target.value !== "");
          }}
          hint="Made from the title; change it to match the id in your own system. Pasting again with the same id replaces the text."
          data-testid="paste-id"
        />
      </div>
      <TextAreaField
        label="Text"
        name="content"
        required
        rows={10}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        hint="Plain text or Markdown, up to about 1 MB; upload longer texts as a .txt or .md file."
        errors={isTooLong ? ["This text is longer than 1 MB. Save it as a .txt or .md file and upload that instead."] : undefined}
        data-testid="paste-content"
      />
      <Button type="submit" disabled={isTooLong} data-testid="paste-submit">Add text</Button>
    </ActionForm>
  );
}
