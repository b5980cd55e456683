import { z } from "zod";

// A run's settings: the knowledge base's own, with a what-if variant applied. Only what differs is stored as the
// variant; the whole effective set is stored as the run's snapshot. No "server-only": the run form uses the schema.

export const RUN_MODES = ["auto", "hybrid", "lexical", "dense"] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** The knowledge-base fields a run depends on. */
export interface BaseSettings {
  topK: number;
  relevanceFloor: number;
  chunkSize: number;
  chunkOverlap: number;
  chatModel: string;
}

/** What a run used: the base's settings with the variant applied, plus how it searched. */
export interface RunSettings extends BaseSettings {
  /** auto: hybrid when the base has vectors, else lexical (what chat does). */
  mode: RunMode;
}

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A what-if variant as the run form and the CLI send it; blank fields keep the base's setting. */
export const variantSchema = z
  .object({
    mode: optional(z.enum(RUN_MODES)),
    topK: optional(z.coerce.number().int("Top-k must be a whole number.").min(1, "Top-k must be at least 1.").max(100, "Top-k must be at most 100.")),
    relevanceFloor: optional(z.coerce.number().min(0, "The relevance floor goes from 0 to 1.").max(1, "The relevance floor goes from 0 to 1.")),
    chunkSize: optional(z.coerce.number().int("The chunk size must be a whole number of tokens.").min(16, "The chunk size must be at least 16 tokens.").max(8192, "The chunk size must be at most 8,192 tokens.")),
    chunkOverlap: optional(z.coerce.number().int("The chunk overlap must be a whole number of tokens.").min(0, "The chunk overlap cannot be negative.").max(4096, "The chunk overlap must be at most 4,096 tokens.")),
    chatModel: optional(z.string().trim().min(1).max(200)),
  })
  .strict();

export type Variant = z.infer<typeof variantSchema>;

/** The effective settings of a run, or a sentence saying why the variant cannot be run. */
export function applyVariant(base: BaseSettings, variant: Variant): { settings: RunSettings } | { problem: string } {
  const settings: RunSettings = {
    mode: variant.mode ?? "auto",
    topK: variant.topK ?? base.topK,
    relevanceFloor: variant.relevanceFloor ?? base.relevanceFloor,
    chunkSize: variant.chunkSize ?? base.chunkSize,
    chunkOverlap: variant.chunkOverlap ?? base.chunkOverlap,
    chatModel: variant.chatModel ?? base.chatModel,
  };
  if (settings.chunkOverlap >= settings.chunkSize) {
    return { problem: `The chunk overlap (${settings.chunkOverlap}) must be smaller than the chunk size (${settings.chunkSize}).` };
  }
  return { settings };
}

/** Only the fields of `variant` that differ from the base (what the run page lists as "what if"). */
export function effectiveVariant(base: BaseSettings, settings: RunSettings): Variant {
  const variant: Variant = {};
  if (settings.mode !== "auto") variant.mode = settings.mode;
  for (const key of ["topK", "relevanceFloor", "chunkSize", "chunkOverlap", "chatModel"] as const) {
    if (settings[key] !== base[key]) (variant as Record<string, unknown>)[key] = settings[key];
  }
  return variant;
}

/** A chunk-size variant needs the corpus chunked again: in a scratch copy, never in the live base. */
export function needsScratchCopy(base: BaseSettings, settings: RunSettings): boolean {
  return settings.chunkSize !== base.chunkSize || settings.chunkOverlap !== base.chunkOverlap;
}

/** "top-k 3, lexical, chunk size 300" for a variant; "current settings" for none. */
export function describeVariant(variant: Variant): string {
  const parts: string[] = [];
  if (variant.mode) parts.push(variant.mode);
  if (variant.topK !== undefined) parts.push(`top-k ${variant.topK}`);
  if (variant.relevanceFloor !== undefined) parts.push(`relevance floor ${variant.relevanceFloor}`);
  if (variant.chunkSize !== undefined) parts.push(`chunk size ${variant.chunkSize}`);
  if (variant.chunkOverlap !== undefined) parts.push(`chunk overlap ${variant.chunkOverlap}`);
  if (variant.chatModel) parts.push(`model ${variant.chatModel}`);
  return parts.length ? parts.join(", ") : "current settings";
}
