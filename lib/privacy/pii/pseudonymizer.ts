import "server-only";
import { detectPii, type DetectOptions } from "./detect";
import type { PiiCounts, PiiSpan } from "./kinds";
import { emptyMapping, nextPlaceholder, normalizeValue, piiMappingSchema, type PiiMapping, type PiiMappingEntry } from "./mapping";
import type { CompiledPattern } from "./patterns";
import { restoreText } from "./restorer";

// One conversation's masking: every value found in the question, the history and the passages becomes a placeholder,
// the same value always the same one ([PERSON_1] in turn one is [PERSON_1] in turn five, given the stored mapping).

export interface MaskResult {
  text: string;
  /** Occurrences masked in this text, per kind. */
  counts: PiiCounts;
}

export interface Pseudonymizer {
  /** `text` with its personal data replaced by placeholders. */
  mask(text: string): MaskResult;
  /** A complete text with placeholders turned back into values (for streams, use createRestorer(mapping())). */
  restore(text: string): string;
  /** The mapping so far (a copy), to store with the chat and to restore answers with. */
  mapping(): PiiMapping;
  /** Distinct values masked by this pseudonymizer, per kind: what one answer's payload hid. */
  maskedCounts(): PiiCounts;
  /** Whether mask() added values the stored mapping did not have (it then needs saving). */
  hasNewEntries(): boolean;
}

export interface PseudonymizerOptions {
  /** The knowledge base's own patterns (compilePatterns). */
  patterns?: readonly CompiledPattern[];
  /** The conversation's stored mapping, to keep its placeholders. */
  mapping?: PiiMapping;
  /** For tests: a detector other than detectPii. */
  detect?: (text: string, options: DetectOptions) => PiiSpan[];
}

/** A pseudonymizer for one conversation. */
export function createPseudonymizer(options: PseudonymizerOptions = {}): Pseudonymizer {
  const entries: PiiMappingEntry[] = options.mapping ? piiMappingSchema.parse(options.mapping).entries.map((entry) => ({ ...entry })) : [];
  const byKey = new Map(entries.map((entry) => [`${entry.kind}\u0000${normalizeValue(entry.kind, entry.value)}`, entry]));
  const detect = options.detect ?? detectPii;
  const used = new Set<string>();
  let isChanged = false;

  const placeholderOf = (span: PiiSpan): string => {
    const key = `${span.kind}\u0000${normalizeValue(span.kind, span.value)}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { kind: span.kind, value: span.value, placeholder: nextPlaceholder(entries, span.kind) };
      entries.push(entry);
      byKey.set(key, entry);
      isChanged = true;
    }
    used.add(entry.placeholder);
    return entry.placeholder;
  };

  return {
    mask(text) {
      const spans = detect(text, { patterns: options.patterns, knownValues: entries });
      const counts: PiiCounts = {};
      let out = "";
      let at = 0;
      for (const span of spans) {
        out += text.slice(at, span.start) + placeholderOf(span);
        counts[span.kind] = (counts[span.kind] ?? 0) + 1;
        at = span.end;
      }
      return { text: out + text.slice(at), counts };
    },
    restore: (text) => restoreText(text, { version: 1, entries }),
    mapping: () => ({ ...emptyMapping(), entries: entries.map((entry) => ({ ...entry })) }),
    maskedCounts() {
      const counts: PiiCounts = {};
      for (const entry of entries) if (used.has(entry.placeholder)) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
      return counts;
    },
    hasNewEntries: () => isChanged,
  };
}
