import type { PiiSpan } from "./kinds";

// Dates of birth: a date counts only when a birth cue is near it ("born", "DOB", "date of birth", "geboren", "né le",
// …). Other dates (when a policy starts, when leave expires) are what the questions are about, and masking every date
// would make answers about them impossible; a birth date is the one that identifies a person. Limits: a bare year
// ("born in 1984") and an age ("aged 41") are left as they are.

const MONTHS = [
  // English, German, French, Dutch, Spanish, Italian; abbreviations with an optional dot.
  "january|february|march|april|may|june|july|august|september|october|november|december",
  "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
  "januar|februar|märz|maerz|mai|juni|juli|oktober|dezember",
  "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre",
  "januari|februari|maart|mei|augustus",
  "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre",
  "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre",
].join("|");

const DAY = String.raw`(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|\.)?`;
const YEAR = String.raw`(?:19|20)\d{2}`;
const MONTH_NAME = String.raw`(?:${MONTHS})\.?`;
const DATE = new RegExp(
  [
    String.raw`${YEAR}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])`, // 1984-03-07
    String.raw`(?:3[01]|[12]\d|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])[-/.](?:${YEAR}|\d{2})`, // 07/03/1984, 3.7.84
    String.raw`${DAY}(?:\s+(?:of|de))?[\s-]+${MONTH_NAME}(?:\s+de)?,?[\s-]+(?:${YEAR}|'\d{2})`, // 7 March 1984, 7th of March 1984, 07-Mar-1984, 9 de mayo de 1993
    String.raw`${MONTH_NAME}\s+${DAY},?\s+${YEAR}`, // March 7, 1984
  ]
    .map((alternative) => `(?:${alternative})`)
    .join("|"),
  "giu",
);

const CUE_BEFORE = /(?<![\p{L}])(?:born|birth(?:day|date)?|d\.?o\.?b\.?|geb(?:oren|urtsdatum|\.)|née?|naissance|nacimiento|nat[oa]|geboortedatum)(?![\p{L}])[^.\n]{0,30}$/iu;
const CUE_AFTER = /^\s*\(?\s*(?:d\.?o\.?b\.?|date of birth|born|birthday)\b/i;

/** Dates with a birth cue up to 30 characters before them (in the same sentence), or "(DOB)" right after. */
export function detectBirthDates(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(DATE)) {
    const isBoundedBefore = match.index === 0 || !/[\p{L}\d]/u.test(text[match.index - 1]!);
    const after = text.slice(match.index + match[0].length);
    const isBoundedAfter = !/^[\p{L}\d]/u.test(after);
    if (!isBoundedBefore || !isBoundedAfter) continue;
    const before = text.slice(Math.max(0, match.index - 60), match.index);
    if (CUE_BEFORE.test(before) || CUE_AFTER.test(after.slice(0, 20))) {
      spans.push({ kind: "DOB", start: match.index, end: match.index + match[0].length, value: match[0] });
    }
  }
  return spans;
}
