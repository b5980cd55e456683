import "server-only";
import { createHash } from "node:crypto";
import { detectAddresses } from "./addresses";
import { detectBirthDates } from "./dates";
import type { PiiSpan } from "./kinds";
import { detectNames } from "./names";
import { detectCustom, type CompiledPattern } from "./patterns";
import { detectCards, detectEmails, detectIbans, detectIps, detectNationalIds, detectPhones } from "./structured";

// Every detector over one text, then one span per character: where two findings overlap, the more specific kind wins
// (an admin's own pattern, then checksummed identifiers, then shapes, then language), and between equals the longer.

const PRIORITY: Record<string, number> = { IBAN: 1, CARD: 2, EMAIL: 3, NATIONAL_ID: 4, IP: 5, DOB: 6, PHONE: 7, ADDRESS: 8, PERSON: 9 };

export interface DetectOptions {
  patterns?: readonly CompiledPattern[];
  /** Values already known in this conversation: found again wherever they appear, even where a detector would miss them. */
  knownValues?: readonly { kind: string; value: string }[];
}

/** Personal data in `text`, non-overlapping, in reading order. */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  const candidates = [
    ...detectCustom(text, options.patterns ?? []).map((span) => ({ span, rank: 0 })),
    ...findKnown(text, options.knownValues ?? []).map((span) => ({ span, rank: 0.5 })),
    ...builtInSpans(text).map((span) => ({ span, rank: PRIORITY[span.kind] ?? 10 })),
  ];
  candidates.sort((a, b) => a.rank - b.rank || b.span.end - b.span.start - (a.span.end - a.span.start) || a.span.start - b.span.start);
  const accepted: PiiSpan[] = [];
  for (const { span } of candidates) {
    if (span.end <= span.start) continue;
    if (accepted.some((other) => span.start < other.end && other.start < span.end)) continue;
    accepted.push(span);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

// The same passages and earlier messages are masked again on every turn of a conversation, and name detection costs
// ~25 ms per 1,000 characters: results are cached by the text's SHA-256, as offsets only (no text is kept).
const CACHE_SIZE = 2_000;
const cache = new Map<string, { kind: string; start: number; end: number }[]>();

function builtInSpans(text: string): PiiSpan[] {
  const key = createHash("sha256").update(text).digest("base64");
  let found = cache.get(key);
  if (found) {
    cache.delete(key);
  } else {
    found = [detectIbans, detectCards, detectEmails, detectNationalIds, detectIps, detectBirthDates, detectPhones, detectAddresses, detectNames]
      .flatMap((detector) => detector(text))
      .map(({ kind, start, end }) => ({ kind, start, end }));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, found);
  return found.map((span) => ({ ...span, value: text.slice(span.start, span.end) }));
}

function findKnown(text: string, known: readonly { kind: string; value: string }[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const { kind, value } of known) {
    if (value.length < 3) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const flags = kind === "EMAIL" ? "giu" : "gu";
    for (const match of text.matchAll(new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}\\d])`, flags))) {
      spans.push({ kind, start: match.index, end: match.index + match[0].length, value: match[0] });
    }
  }
  return spans;
}
