import nlp from "compromise";
import type { PiiSpan } from "./kinds";

// Person names, offline: compromise's people() (a lexicon of ~3,000 first and last names plus grammar rules), then
// rules for what it misses: a name after a title ("Dr. Okonkwo") or after a word that introduces a person
// ("employee Kwame Mensah", "written by …", "Dear …"), a first name from the lexicon followed by capitalised words, two
// or three capitalised words that are not English (nor common heading words), and later mentions of a found surname.
// Recall is measured on tests/pii-fixtures (see names.test.ts); names that are also common words ("Rose", "Grant") in
// plain prose are the weak spot.

interface Term {
  text: string;
  normal: string;
  tags: string[];
  start: number;
  end: number;
  /** The characters after the term, up to the next one. */
  post: string;
}

const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lord|lady|herr|frau|mme|mlle|madame|monsieur|sr|sra|señor|señora|dott|dottssa|ing|rev|fr|judge|nurse|officer|captain|capt)$/i;
const CUE = new Set([
  "employee", "employees", "colleague", "colleagues", "patient", "patients", "customer", "client", "manager", "supervisor",
  "contact", "contacts", "named", "called", "dear", "hi", "hello", "by", "ask", "tell", "cc", "with", "and", "from", "to",
  "applicant", "candidate", "tenant", "member", "user", "owner", "author", "witness", "claimant", "director", "nurse",
  "doctor", "teacher", "student", "pupil", "child", "son", "daughter", "wife", "husband", "partner", "mother", "father",
  "brother", "sister", "signed", "regards", "sincerely", "thanks", "assigned", "approved", "reviewed", "reported", "met",
  "emailed", "phoned", "visited", "replaced", "about", "for", "of", "like", "meet", "see", "thank", "congratulate",
]);
// Words that start many headings and organisation names but never a person's name.
const HEADING_WORDS = new Set(
  (
    "policy policies guide guidelines manual procedure procedures report reports department team office annual leave " +
    "remote access expense expenses claims committee board group services service centre center unit project programme " +
    "program system systems plan agreement act code standard handbook section chapter appendix table figure university " +
    "hospital clinic bank street road avenue company limited ltd inc corporation council ministry agency authority " +
    "school college institute foundation trust fund account accounts invoice contract overview summary introduction " +
    "notes note general human resources finance legal security safety health information technology data privacy " +
    "notice terms conditions form request application meeting minutes agenda quarterly monthly weekly daily review " +
    "north south east west new old great united national international european american british federal state city " +
    "county district region area monday tuesday wednesday thursday friday saturday sunday january february march april " +
    "may june july august september october november december q1 q2 q3 q4 faq help support customer sales marketing " +
    "operations product engineering research development management executive travel training onboarding payroll benefits " +
    "vpn it hr api sso pdf"
  ).split(" "),
);
// Endings of English nouns and adjectives ("Authentication", "Management"), which a name pair rarely has.
const ENGLISH_SUFFIX = /(?:tion|sion|ment|ness|ity|ance|ence|ship|ology|ware|able|ible|ics|ism|ing|ure|ive|ous|ual|ful|less|ary|ory|ize|ise|ist|als)$/;
const NAME_TAGS = new Set(["Person", "FirstName", "LastName", "MaleName", "FemaleName", "Honorific"]);
const BLOCKED_TAGS = ["Place", "Organization", "Date", "Month", "WeekDay", "Pronoun", "Determiner", "Value", "Acronym", "Url", "Email", "PhoneNumber"];

let lexicon: Record<string, string | string[]> | undefined;
function isEnglishWord(normal: string): boolean {
  lexicon ??= (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  const tag = lexicon[normal];
  if (tag === undefined) return false;
  const tags = Array.isArray(tag) ? tag : [tag];
  return !tags.some((t) => NAME_TAGS.has(t) || /Name$/.test(t));
}

const isCapitalised = (term: Term) => /^\p{Lu}(?:[\p{Ll}'’]|\p{Lu}\p{Ll})[\p{L}'’-]*$/u.test(term.text);
const isBlocked = (term: Term) => BLOCKED_TAGS.some((tag) => term.tags.includes(tag)) || HEADING_WORDS.has(term.normal);
const isNameTagged = (term: Term) => term.tags.some((tag) => NAME_TAGS.has(tag) && tag !== "Honorific");

function termsOf(text: string): Term[][] {
  const doc = nlp(text);
  type JsonTerm = { text: string; normal: string; tags: string[]; post: string; offset: { start: number; length: number } };
  const sentences = doc.json({ offset: true }) as { terms: JsonTerm[] }[];
  return sentences.map((sentence) =>
    sentence.terms.map((term) => ({
      text: term.text,
      normal: term.normal,
      tags: term.tags,
      start: term.offset.start,
      end: term.offset.start + term.text.length,
      post: term.post,
    })),
  );
}

/** The capitalised, unblocked terms from `from` on, joined only by a space or a hyphen (at most `max`). */
function capitalisedRun(terms: Term[], from: number, max: number): Term[] {
  const run: Term[] = [];
  for (let i = from; i < terms.length && run.length < max; i++) {
    const term = terms[i]!;
    const next = terms[i + 1];
    // "Victoria Adams", "Florence Green": a place name that is also a first name, before a surname.
    const isFirstNameOfPlace = term.tags.includes("Place") && next !== undefined && isCapitalised(next) && isNameTagged(next);
    if (!isCapitalised(term) || (isBlocked(term) && !isFirstNameOfPlace) || TITLE.test(term.normal.replace(/\.$/, ""))) break;
    run.push(term);
    if (!/^[ -]?$/.test(term.post)) break;
  }
  return run;
}

function span(text: string, run: Term[]): PiiSpan {
  const start = run[0]!.start;
  let end = run.at(-1)!.end;
  // "Müller's" → "Müller"; compromise keeps the possessive in the term.
  const value = text.slice(start, end).replace(/['’]s$/u, "");
  end = start + value.length;
  return { kind: "PERSON", start, end, value };
}

/** Person names in `text`. */
export function detectNames(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const terms of termsOf(text)) {
    for (let i = 0; i < terms.length; i++) {
      const run = capitalisedRun(terms, i, 4);
      // "Dear Tomasz Kowalski", "Contact Hans-Peter Müller": the sentence's first word is not part of the name.
      while (run.length > 1 && (CUE.has(run[0]!.normal) || (isEnglishWord(run[0]!.normal) && !isNameTagged(run[0]!)))) {
        run.shift();
        i++;
      }
      if (run.length === 0) continue;
      const previous = terms[i - 1];
      const isAfterTitle = previous !== undefined && TITLE.test(previous.normal.replace(/\.$/, ""));
      const isAfterCue = previous !== undefined && CUE.has(previous.normal) && /^[\s,:]*$/.test(previous.post);
      const isSentenceStart = i === 0;
      const hasNameTag = run.some(isNameTagged);
      const isForeignPair = run.length >= 2 && run.length <= 3 && run.every((t) => !isEnglishWord(t.normal) && !ENGLISH_SUFFIX.test(t.normal) && !t.tags.includes("Hyphenated"));
      const accept =
        isAfterTitle ||
        (hasNameTag && (run.length >= 2 || !isSentenceStart)) ||
        (isAfterCue && run.length >= 2) ||
        (isForeignPair && !(isSentenceStart && run.length === 2 && terms[i + 2]?.text === ":"));
      if (!accept) continue;
      // A lone first name at a sentence start that compromise also reads as a word ("Will", "May") stays.
      if (run.length === 1 && !isAfterTitle && isEnglishWord(run[0]!.normal)) continue;
      spans.push(span(text, run));
      i += run.length - 1;
    }
  }
  return [...spans, ...laterMentions(text, spans)];
}

/** "Maria Schmidt … Schmidt said": the surname alone, capitalised, elsewhere in the same text. */
function laterMentions(text: string, found: PiiSpan[]): PiiSpan[] {
  const surnames = new Set(
    found.flatMap((s) => {
      const parts = s.value.split(/\s+/);
      const last = parts.at(-1)!;
      return parts.length >= 2 && last.length >= 3 && !isEnglishWord(last.toLowerCase()) ? [last] : [];
    }),
  );
  const spans: PiiSpan[] = [];
  for (const surname of surnames) {
    const pattern = new RegExp(`(?<![\\p{L}\\d-])${surname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\d-])`, "gu");
    for (const match of text.matchAll(pattern)) {
      const isInsideFound = found.some((s) => s.start <= match.index && match.index < s.end);
      if (!isInsideFound) spans.push({ kind: "PERSON", start: match.index, end: match.index + surname.length, value: surname });
    }
  }
  return spans;
}
