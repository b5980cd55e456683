import { z } from "zod";
import { BUILT_IN_KINDS, type PiiSpan } from "./kinds";

// A knowledge base's own kinds of personal data (medical record numbers, employee ids), as regular expressions an
// admin enters. They run on every question, message and passage of a hosted chat, so they are checked when saved: a
// label that can name a placeholder, a pattern that compiles, cannot match empty text, and has no nested quantifier
// (the usual cause of catastrophic backtracking). No "server-only": the admin form validates with the same schema.

export const MAX_PATTERNS = 20;
const LABEL = /^[A-Z][A-Z0-9_]{0,23}$/;
// A group containing + or * that is itself repeated: (a+)+, (\w*-?)*, (x+){2,}.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,)/;

/** One admin-defined pattern as stored in knowledge_bases.pii_patterns (a type, not an interface: it is JSON). */
export type PiiPattern = { label: string; pattern: string };

export const piiPatternSchema = z
  .object({
    label: z
      .string()
      .trim()
      .transform((label) => label.toUpperCase().replace(/[\s-]+/g, "_"))
      .pipe(z.string().regex(LABEL, "must start with a letter and use only letters, digits and _ (at most 24)")),
    pattern: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  })
  .superRefine((value, context) => {
    const problem = patternProblem(value);
    if (problem) context.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export const piiPatternsSchema = z
  .array(piiPatternSchema)
  .max(MAX_PATTERNS, `at most ${MAX_PATTERNS} patterns`)
  .superRefine((patterns, context) => {
    const seen = new Set<string>();
    patterns.forEach((pattern, index) => {
      if (seen.has(pattern.label)) context.addIssue({ code: "custom", path: [index, "label"], message: `${pattern.label} is used twice` });
      seen.add(pattern.label);
    });
  });

function patternProblem({ label, pattern }: PiiPattern): { field: "label" | "pattern"; message: string } | undefined {
  if ((BUILT_IN_KINDS as readonly string[]).includes(label)) return { field: "label", message: `${label} is built in; choose another label` };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "g");
  } catch (error) {
    return { field: "pattern", message: `is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}` };
  }
  if (regex.test("")) return { field: "pattern", message: "matches empty text; it must match at least one character" };
  if (NESTED_QUANTIFIER.test(pattern)) return { field: "pattern", message: "repeats a group that is itself repeated (like (a+)+), which can hang on long text; simplify it" };
  return undefined;
}

/** A validated pattern, ready to run. */
export interface CompiledPattern {
  label: string;
  regex: RegExp;
}

/** Compiles stored patterns; one that no longer validates (edited in the database by hand) is skipped with a warning. */
export function compilePatterns(stored: unknown): CompiledPattern[] {
  const parsed = piiPatternsSchema.safeParse(stored ?? []);
  if (!parsed.success) {
    console.warn("privacy: a knowledge base's personal-data patterns are invalid and were ignored; fix them on its settings page.");
    return [];
  }
  return parsed.data.map(({ label, pattern }) => ({ label, regex: new RegExp(pattern, "g") }));
}

/** Matches of the knowledge base's own patterns. */
export function detectCustom(text: string, patterns: readonly CompiledPattern[]): PiiSpan[] {
  return patterns.flatMap(({ label, regex }) =>
    [...text.matchAll(regex)].filter((match) => match[0].length > 0).map((match) => ({ kind: label, start: match.index, end: match.index + match[0].length, value: match[0] })),
  );
}

/** The settings form's textarea: one pattern per line, "LABEL: regular expression"; blank lines are skipped. */
export function parsePatternLines(text: string): { label: string; pattern: string }[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const colon = line.indexOf(":");
      return colon === -1 ? { label: "", pattern: line.trim() } : { label: line.slice(0, colon).trim(), pattern: line.slice(colon + 1).trim() };
    });
}

/** Stored patterns as the textarea shows them. */
export function formatPatternLines(stored: unknown): string {
  const parsed = piiPatternsSchema.safeParse(stored ?? []);
  return parsed.success ? parsed.data.map((p) => `${p.label}: ${p.pattern}`).join("\n") : "";
}

/** The form field: textarea text in, validated patterns out (issues name the line: "2.pattern"). */
export const piiPatternsTextSchema = z
  .string()
  .max(10_000)
  .optional()
  .transform((text) => parsePatternLines(text ?? ""))
  .pipe(piiPatternsSchema);
