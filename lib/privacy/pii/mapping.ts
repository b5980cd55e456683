import { z } from "zod";
import { placeholderFor, type PiiKind } from "./kinds";

// A conversation's pseudonymisation mapping: which value stands behind which placeholder. It lives on the server only
// (persisted per chat, encrypted: lib/privacy/chat-mappings.ts) and is the one thing that can undo the masking.

export interface PiiMappingEntry {
  kind: PiiKind;
  /** The value as first seen (restoring gives back this surface form). */
  value: string;
  placeholder: string;
}

export interface PiiMapping {
  version: 1;
  entries: PiiMappingEntry[];
}

export const piiMappingSchema = z.object({
  version: z.literal(1),
  entries: z.array(z.object({ kind: z.string().min(1), value: z.string().min(1), placeholder: z.string().regex(/^\[[A-Z][A-Z0-9_]*_\d+\]$/) })),
});

export const emptyMapping = (): PiiMapping => ({ version: 1, entries: [] });

/** Two spellings of one value share a placeholder: e-mail case, spaces in card numbers and IBANs, "00" for "+". */
export function normalizeValue(kind: PiiKind, value: string): string {
  const text = value.normalize("NFC").replace(/\s+/g, " ").trim();
  switch (kind) {
    case "EMAIL":
    case "IP":
      return text.toLowerCase();
    case "PHONE":
      return text.replace(/^00/, "+").replace(/[^\d+]/g, "");
    case "CARD":
    case "IBAN":
    case "NATIONAL_ID":
      return text.replace(/[\s.-]/g, "").toUpperCase();
    case "PERSON":
    case "ADDRESS":
      return text.toLocaleLowerCase("en");
    default:
      return text;
  }
}

/** The next placeholder of `kind` after those already in `entries`. */
export function nextPlaceholder(entries: readonly PiiMappingEntry[], kind: PiiKind): string {
  let highest = 0;
  for (const entry of entries) {
    if (entry.kind !== kind) continue;
    const index = Number(/_(\d+)\]$/.exec(entry.placeholder)?.[1] ?? 0);
    highest = Math.max(highest, index);
  }
  return placeholderFor(kind, highest + 1);
}
