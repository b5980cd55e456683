/**
 * The fake model's "reasoning": a deterministic extractive answerer, so retrieval-augmented tests can
 * assert which passage was cited, and that an over-long prompt lost passages.
 */
import { contentWords, countTokens } from "./text";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface Passage {
  n: number;
  text: string;
}

export const NO_ANSWER = "I don't have enough information to answer that.";

const MARKER = /^\s*\[(\d+)\]\s?(.*)$/;
const QUESTION_LINE = /^\s*(?:question|query|q)\s*:/i;

interface Scan {
  passages: Passage[];
  /** Text outside passages and <context> blocks: where the question lives. */
  rest: string[];
}

/**
 * Passages are `[n] text` blocks. Inside <context>…</context> a passage runs to the next marker or the
 * end of the block, blank lines included (multi-paragraph chunks); outside one, a blank line ends it.
 */
function scan(text: string): Scan {
  const lines = text.replace(/<\/?context\b[^>]*>/gi, (tag) => `\n${tag.toLowerCase().startsWith("</") ? "</context>" : "<context>"}\n`).split("\n");
  const passages: Passage[] = [];
  const rest: string[] = [];
  let inContext = false;
  let current: { n: number; lines: string[] } | undefined;
  const close = (): void => {
    if (current) passages.push({ n: current.n, text: current.lines.join("\n").trim() });
    current = undefined;
  };
  for (const line of lines) {
    const marker = MARKER.exec(line);
    if (line.trim() === "<context>" || line.trim() === "</context>") {
      close();
      inContext = line.trim() === "<context>";
    } else if (marker) {
      close();
      current = { n: Number(marker[1]), lines: [marker[2] ?? ""] };
    } else if (current && (QUESTION_LINE.test(line) || (!inContext && line.trim() === ""))) {
      close();
      if (line.trim() !== "") rest.push(line);
    } else if (current) {
      current.lines.push(line);
    } else if (!inContext) {
      rest.push(line);
    }
  }
  close();
  return { passages: passages.filter((p) => p.text !== ""), rest };
}

export function extractPassages(text: string): Passage[] {
  return scan(text).passages;
}

/** The question: text after the last "Question:" label, else whatever is not context. */
export function extractQuestion(text: string): string {
  const rest = scan(text).rest.join("\n");
  const labelled = rest.split(/^\s*(?:question|query|q)\s*:/im);
  const q = labelled.length > 1 ? (labelled[labelled.length - 1] ?? "") : rest;
  return q.replace(/^\s*context\s*:\s*$/gim, "").trim();
}

function firstSentence(text: string, maxWords: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat;
  const words = sentence.split(" ");
  return words.length > maxWords ? words.slice(0, maxWords).join(" ") : sentence;
}

function longAnswer(base: string): string {
  let text = base;
  for (let i = 1; countTokens(text) < 400; i++) {
    text += ` This is sentence ${i} of a deliberately long answer.`;
  }
  return text;
}

/**
 * Answer rule: passages come from system messages and the last user message. The passage sharing the most
 * distinct content words with the question wins (ties: the earliest); the answer is its first sentence
 * (at most 40 words) plus " [n]". A question containing the word "long" gets a ~400-token answer.
 */
export function generateAnswer(messages: readonly ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const sources = [...messages.filter((m) => m.role === "system"), ...(lastUser ? [lastUser] : [])];
  const passages = sources.flatMap((m) => extractPassages(m.content));
  const question = lastUser ? extractQuestion(lastUser.content) : "";
  const asked = new Set(contentWords(question));

  let best: { passage: Passage; overlap: number } | undefined;
  for (const passage of passages) {
    const words = new Set(contentWords(passage.text));
    const overlap = [...asked].filter((w) => words.has(w)).length;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { passage, overlap };
  }
  const base = best ? `${firstSentence(best.passage.text, 40)} [${best.passage.n}]` : NO_ANSWER;
  const wantsLong = question.toLowerCase().split(/[^\p{L}\p{N}]+/u).includes("long");
  return wantsLong ? longAnswer(base) : base;
}
