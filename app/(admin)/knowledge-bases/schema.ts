import { z } from "zod";

const knowledgeBase = z.string().trim().min(1).max(200);
const sourceId = z.string().min(1).max(512);
// A form sends one checked box as a string and several as an array; none sends nothing.
const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const deleteDocumentsSchema = z.object({
  knowledgeBase,
  sourceIds: z.preprocess(asArray, z.array(sourceId).min(1, "Select at least one document to delete.").max(500, "Delete at most 500 documents at a time.")),
});

export const deleteDocumentSchema = z.object({ knowledgeBase, sourceId });

export const pasteDocumentSchema = z.object({
  knowledgeBase,
  title: z.string().trim().min(1, "Give the text a title.").max(1000, "Keep the title under 1,000 characters."),
  sourceId: z.string().trim().min(1, "Give the text an id, e.g. leave-policy. Pasting again with the same id replaces it.").max(512, "Keep the id under 512 characters."),
  content: z.string().refine((text) => text.trim() !== "", "Paste the text to add."),
});

export const jobActionSchema = z.object({ knowledgeBase, jobId: z.uuid() });

const mappingSchema = z
  .object({ id: z.string().min(1), title: z.string().min(1), content: z.string().min(1), metadata: z.string().min(1) })
  .partial()
  .strict();

/** What the upload form sends beside the files, in the same order: each file's field mapping or chosen id. */
export const uploadManifestSchema = z.array(z.object({ mapping: mappingSchema.optional(), sourceId: z.string().max(512).optional() }).strict()).max(1000);

export type UploadManifest = z.infer<typeof uploadManifestSchema>;
