import type { PiiCounts } from "./pii/kinds";

// The line under an answer from a hosted model. No "server-only": the chat UI renders it from the answer's metadata.

const WORDS: Record<string, string> = {
  PERSON: "name",
  EMAIL: "e-mail address",
  PHONE: "phone number",
  NATIONAL_ID: "id number",
  CARD: "card number",
  IBAN: "IBAN",
  IP: "IP address",
  DOB: "birth date",
  ADDRESS: "address",
};

/** "Answered by a hosted model — 3 personal details masked" (or "no personal details found to mask"). */
export function maskedBadgeText(counts: PiiCounts): string {
  const total = Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
  const masked = total === 0 ? "no personal details found to mask" : `${total} personal detail${total === 1 ? "" : "s"} masked`;
  return `Answered by a hosted model — ${masked}`;
}

/** "2 names, 1 e-mail address": the badge's tooltip. */
export function maskedBreakdown(counts: PiiCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => {
      // A knowledge base's own label ("MRN") is shown as the admin wrote it.
      const word = WORDS[kind];
      return word ? `${n} ${word}${n === 1 ? "" : "s"}` : `${n} ${kind}`;
    })
    .join(", ");
}
