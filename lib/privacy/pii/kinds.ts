// What the detectors find. Built-in kinds name the placeholders ([EMAIL_1], [PERSON_2]); admin-defined patterns add
// their own labels ([MRN_1]). No "server-only": these are names and shapes, nothing secret.

export const BUILT_IN_KINDS = ["EMAIL", "PHONE", "NATIONAL_ID", "CARD", "IBAN", "IP", "DOB", "ADDRESS", "PERSON"] as const;

export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];

/** A built-in kind, or the label of a knowledge base's own pattern (upper case, e.g. "MRN"). */
export type PiiKind = BuiltInKind | (string & {});

/** One detected value: `text.slice(start, end) === value`. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
}

/** Masked values per kind, e.g. { PERSON: 3, EMAIL: 2 }. */
export type PiiCounts = Partial<Record<PiiKind, number>>;

/** The kinds whose shape is checkable (recall target 99%); PERSON and ADDRESS are language, not syntax. */
export const STRUCTURED_KINDS: readonly BuiltInKind[] = ["EMAIL", "PHONE", "NATIONAL_ID", "CARD", "IBAN", "IP", "DOB"];

/** `[KIND_n]`: a label of capitals, digits and underscores, then the value's number in this conversation. */
export const PLACEHOLDER = /\[([A-Z][A-Z0-9_]*)_(\d+)\]/g;

export function placeholderFor(kind: PiiKind, index: number): string {
  return `[${kind}_${index}]`;
}

/** Adds `more` into `into` (counts per kind). */
export function addCounts(into: PiiCounts, more: PiiCounts): PiiCounts {
  for (const [kind, n] of Object.entries(more)) into[kind] = (into[kind] ?? 0) + (n ?? 0);
  return into;
}

/** The total of a counts object. */
export function totalCount(counts: PiiCounts): number {
  return Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}
