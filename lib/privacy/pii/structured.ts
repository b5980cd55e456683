import { isIP } from "node:net";
import { ibanLength, isCardNumber, isDutchBsn, isFrenchNir, isIban, isItalianFiscalCode, isPlausibleSsn, isSpanishDni, isUkNino } from "./checksums";
import type { PiiSpan } from "./kinds";

// Identifiers with a shape: found by pattern, then kept only when their check digits or ranges agree, so lookalikes
// (order numbers, versions, amounts) stay readable. Each detector returns spans; detect.ts resolves overlaps.

type Detector = (text: string) => PiiSpan[];

function spansOf(text: string, pattern: RegExp, kind: string, accept: (match: RegExpExecArray) => boolean | { start: number; end: number }): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const verdict = accept(match);
    if (!verdict) continue;
    const { start, end } = verdict === true ? { start: match.index, end: match.index + match[0].length } : verdict;
    spans.push({ kind, start, end, value: text.slice(start, end) });
  }
  return spans;
}

const EMAIL = /(?<![\w.%+'-])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;

export const detectEmails: Detector = (text) => spansOf(text, EMAIL, "EMAIL", () => true);

// Groups of digits joined by one separator each; the digit count decides (see acceptPhone).
// Separators: one space, dot, slash or hyphen (a hyphen or slash may have spaces around it); never a line break.
const PHONE = /(?<![\w+\-/.:])(?:(?:\+|00)\d{1,3}(?:[ \t]?[-/][ \t]?|[ \t.])?)?(?:\(\d{1,5}\)[ \t.-]?)?\d{1,12}(?:(?:[ \t]?[-/][ \t]?|[ \t.])\d{1,8}){0,6}(?![\w/-]|\.\d|:\d|,\d)/g;
const IS = String.raw`(?:\s+(?:is|was|ist|es|est|è|:))?`;
const PHONE_CUE = new RegExp(String.raw`(?<![\p{L}])(?:phone|tel(?:ephone)?|mobile|cell|fax|call|ring|text|whatsapp|handy|telefon|tél(?:éphone)?|portable|gsm|mob|mobiel|móvil|cellulare)(?![\p{L}])\.?\s*(?:(?:no|number|nr|num|nummer|numéro)\.?\s*)?${IS}\s*[:#]?\s*$`, "iu");

function acceptPhone(match: RegExpExecArray, text: string): boolean {
  const raw = match[0];
  const digits = raw.replace(/\D/g, "");
  const isInternational = /^(?:\+|00)/.test(raw);
  const hasCue = PHONE_CUE.test(text.slice(Math.max(0, match.index - 40), match.index));
  if (isInternational) return digits.length >= 8 && digits.length <= 15 && (raw.startsWith("+") || digits.length >= 10);
  if (digits.length < 7 || digits.length > 13) return false;
  if (hasCue) return true;
  // Without a cue, only the shapes of national numbers: a trunk 0 or a bracketed area code, or North American
  // 3-3-4 grouping; a long run of digits with no separator is an id, not a phone number.
  const groups = raw.split(/[^\d]+/).filter(Boolean);
  if (groups.length < 2) return false;
  if (/^\(\d/.test(raw)) return digits.length >= 9;
  if (raw.startsWith("0")) return digits.length >= 9 && digits.length <= 12 && !isDateLike(raw);
  if (/^1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}$/.test(raw)) return true;
  return /^\d{3}[\s.-]\d{3}[\s.-]\d{4}$/.test(raw) && raw[3] === raw[7];
}

function isDateLike(raw: string): boolean {
  return /^\d{1,4}([./-])\d{1,2}\1\d{1,4}$/.test(raw);
}

export const detectPhones: Detector = (text) => spansOf(text, PHONE, "PHONE", (match) => acceptPhone(match, text));

// 13-19 digits, optionally in groups (4-4-4-4, Amex's 4-6-5) separated by one space or hyphen. A longer run may hold
// a card and a following number ("… 1111 12/26"): whole-group prefixes are tried, longest first.
const CARD = /(?<![\w+-])\d+(?:[ -]\d+)*(?![\w-]|[.,]\d)/g;

export const detectCards: Detector = (text) =>
  spansOf(text, CARD, "CARD", (match) => {
    const groups = match[0].split(/(?<=\d)(?=[ -])/);
    for (let n = groups.length; n > 0; n--) {
      const candidate = groups.slice(0, n).join("");
      if (isCardNumber(candidate.replace(/[ -]/g, ""))) return { start: match.index, end: match.index + candidate.length };
    }
    return false;
  });

// Country, check digits, then the BBAN in groups (printed form) or in one run (electronic form).
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}(?![a-z0-9])/g;

export const detectIbans: Detector = (text) =>
  spansOf(text, IBAN, "IBAN", (match) => {
    // The last group may have swallowed a following capitalised word: try the country's exact length.
    const length = ibanLength(match[0].slice(0, 2));
    if (!length) return false;
    let seen = 0;
    for (let i = 0; i < match[0].length; i++) {
      if (match[0][i] !== " ") seen++;
      if (seen === length) {
        const candidate = match[0].slice(0, i + 1);
        const next = match[0][i + 1];
        return next !== undefined && next !== " " ? false : isIban(candidate.replace(/ /g, "")) && { start: match.index, end: match.index + i + 1 };
      }
    }
    return false;
  });

const IPV4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const VERSION_CUE = /\b(?:v(?:ersion)?|release|build)\.?\s*$/i;

export const detectIps: Detector = (text) => [
  ...spansOf(text, IPV4, "IP", (match) => !VERSION_CUE.test(text.slice(Math.max(0, match.index - 12), match.index))),
  ...spansOf(text, IPV6, "IP", (match) => {
    // "2001:db8::1" or "fe80::1%eth0" but not a time ("10:30:00") nor a bare "::".
    const value = match[0].replace(/:$/, (colon) => (match[0].endsWith("::") ? colon : ""));
    return /[0-9A-Fa-f]/.test(value) && isIP(value) === 6 && { start: match.index, end: match.index + value.length };
  }),
];

// US SSN (3-2-4, hyphens or spaces; 9 bare digits only after a cue), UK NI number, French NIR, Spanish DNI/NIE,
// Italian codice fiscale, Dutch BSN (only after a cue: any 9 digits pass its check one time in 11).
const SSN = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g;
const SSN_BARE = /(?<![\w-])(\d{3})(\d{2})(\d{4})(?![\w-])/g;
const SSN_CUE = new RegExp(String.raw`\b(?:ssn|social security(?: number| no\.?)?|soc\.? sec\.?)\s*(?:#|no\.?|number)?${IS}\s*[:#]?\s*$`, "i");
const NINO = /(?<![\w])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![\w])/g;
const NIR = /(?<![\w])[12378] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w])/g;
const DNI = /(?<![\w])[XYZ]?-?\d{7,8}-? ?[A-Za-z](?![\w])/g;
const FISCAL_CODE = /(?<![\w])[A-Za-z]{6}[0-9LMNPQRSTUV]{2}[A-Za-z][0-9LMNPQRSTUV]{2}[A-Za-z][0-9LMNPQRSTUV]{3}[A-Za-z](?![\w])/g;
const BSN = /(?<![\w-])\d{4}\.?\d{2}\.?\d{3}(?![\w-])|(?<![\w-])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\w-])/g;
const BSN_CUE = new RegExp(String.raw`\b(?:bsn|burgerservicenummer|sofi)(?:[- ]?(?:nummer|nr\.?|number|#))?${IS}\s*[:#]?\s*$`, "i");

const before = (text: string, index: number, size = 40) => text.slice(Math.max(0, index - size), index);

export const detectNationalIds: Detector = (text) => [
  ...spansOf(text, SSN, "NATIONAL_ID", (m) => isPlausibleSsn(m[1]!, m[3]!, m[4]!)),
  ...spansOf(text, SSN_BARE, "NATIONAL_ID", (m) => SSN_CUE.test(before(text, m.index)) && isPlausibleSsn(m[1]!, m[2]!, m[3]!)),
  ...spansOf(text, NINO, "NATIONAL_ID", (m) => isUkNino(m[0].replace(/ /g, ""))),
  ...spansOf(text, NIR, "NATIONAL_ID", (m) => isFrenchNir(m[0].replace(/ /g, ""))),
  ...spansOf(text, DNI, "NATIONAL_ID", (m) => isSpanishDni(m[0].replace(/[- ]/g, ""))),
  ...spansOf(text, FISCAL_CODE, "NATIONAL_ID", (m) => isItalianFiscalCode(m[0])),
  ...spansOf(text, BSN, "NATIONAL_ID", (m) => BSN_CUE.test(before(text, m.index)) && isDutchBsn(m[0].replace(/\D/g, ""))),
];
