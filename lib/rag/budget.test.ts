import { beforeAll, describe, expect, it } from "vitest";
import type { ModelMessage } from "ai";
import { formatPassage, historyTurns, promptMessages, type HistoryMessage } from "@/lib/ai/prompts";
import { loadGemmaTokenizer, type GemmaTokenCounter } from "@/lib/ai/tokenizer";
import { AppError } from "@/lib/errors";
import { generateAnswer } from "@/scripts/fake-model-server";
import { fitToWindow, promptOrder, type BudgetPassage } from "./budget";
import { seededRandom } from "@/tests/seeded-random";

let gemma: GemmaTokenCounter;
let count: (messages: ModelMessage[]) => number;
beforeAll(async () => {
  gemma = await loadGemmaTokenizer();
  count = (messages) => gemma.countChatTokens(messages);
}, 60_000);

const WORDS = [
  "the", "policy", "applies", "to", "every", "employee", "Ollama", "context", "window", "tokens", "café", "naïve", "日本語",
  "ελληνικά", "👍", "e-mail", "3.14", "$5", "x=y", "[2]", "</context>", "<end_of_turn>", "items[0]", "C++", "  ", "\t", "—",
];

function sentence(rnd: () => number): string {
  const n = 3 + Math.floor(rnd() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
  return `${words.join(" ")}${[".", "!", "?"][Math.floor(rnd() * 3)]}`;
}

function paragraph(rnd: () => number, sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => sentence(rnd) + (i % 4 === 3 ? "\n\n" : rnd() < 0.2 ? "\n" : " ")).join("").trim();
}

const passage = (text: string, i: number): BudgetPassage & { id: string } => ({ id: `chunk-${i}`, title: `Doc ${i}`, sourceId: `doc-${i}`, context: i % 2 ? "Part A > B" : "", text });

function history(rnd: () => number, turns: number): HistoryMessage[] {
  return Array.from({ length: turns }, (_, i): HistoryMessage[] => [
    { role: "user", content: `Question ${i}: ${sentence(rnd)}` },
    { role: "assistant", content: `Answer ${i}: ${paragraph(rnd, 1 + Math.floor(rnd() * 4))}` },
  ]).flat();
}

/** The fewest tokens the best passage can add: its first sentence or first word, whichever is shorter. */
function smallestCut(best: BudgetPassage): number {
  const tokens = (text: string) => gemma.countTokens(formatPassage({ ...best, number: 1, text })) + 1;
  const firstSentence = [...new Intl.Segmenter(undefined, { granularity: "sentence" }).segment(best.text)][0]?.segment.trim() ?? "";
  return Math.min(tokens(firstSentence), tokens(`${best.text.split(/\s/)[0]} …`));
}

const userText = (r: { messages: ModelMessage[] }) => {
  const last = r.messages.at(-1)?.content;
  return typeof last === "string" ? last : "";
};

describe("fitToWindow", () => {
  it("never exceeds window - answerReserve, keeps the best passage and drops from the weak end (random inputs)", () => {
    const rnd = seededRandom(42);
    let tooLong = 0;
    let fitted = 0;
    for (let run = 0; run < 60; run++) {
      const window = 128 + Math.floor(rnd() * 3000);
      const answerReserve = rnd() < 0.3 ? undefined : Math.floor(rnd() * 1200);
      const passages = Array.from({ length: Math.floor(rnd() * 12) }, (_, i) => passage(paragraph(rnd, 1 + Math.floor(rnd() * 25)), i));
      const input = {
        window,
        answerReserve,
        instructions: rnd() < 0.5 ? "" : paragraph(rnd, 3),
        history: history(rnd, Math.floor(rnd() * 6)),
        passages,
        question: paragraph(rnd, 1 + Math.floor(rnd() * (rnd() < 0.1 ? 200 : 3))),
        countChatTokens: count,
      };
      const limit = window - Math.min(answerReserve ?? 512, Math.floor(window / 2));
      let result;
      try {
        result = fitToWindow(input);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        // Only when the question does not fit, or not even the best passage's first sentence or word with it.
        const bare = count(promptMessages({ instructions: input.instructions, blocks: [], turns: [], question: input.question }));
        expect(bare + (passages[0] ? smallestCut(passages[0]) : 0)).toBeGreaterThan(limit);
        tooLong++;
        continue;
      }
      fitted++;
      expect(result.promptTokens).toBe(count(result.messages));
      expect(result.promptTokens).toBeLessThanOrEqual(limit);
      const numbers = result.passages.map((p) => p.number);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1)); // a prefix of the ranking
      if (passages.length) expect(numbers[0]).toBe(1);
      expect(result.passages.every((p) => p.id === `chunk-${p.number - 1}`)).toBe(true);
      expect(result.passages.slice(1).every((p) => !p.isTruncated)).toBe(true);
      expect(result.dropped.passages).toBe(passages.length - numbers.length);
      // Earlier exchanges are kept newest first: what is kept is the end of the conversation.
      const all = historyTurns(input.history).flatMap((t) => [t.user, t.assistant]);
      const kept = result.history.map((m) => m.content);
      expect(kept).toEqual(all.slice(all.length - kept.length));
      expect(result.dropped.historyTurns).toBe((all.length - kept.length) / 2);
    }
    expect(fitted).toBeGreaterThan(35);
    expect(tooLong).toBeGreaterThan(0);
  });

  it("counts parts once: a prompt's tokens are the sum of its parts plus fixed template costs (checked on full renders)", () => {
    const rnd = seededRandom(7);
    for (let run = 0; run < 40; run++) {
      const blocks = Array.from({ length: Math.floor(rnd() * 6) }, (_, i) => formatPassage({ ...passage(paragraph(rnd, 1 + Math.floor(rnd() * 8)), i), number: i + 1 }));
      const turns = historyTurns(history(rnd, Math.floor(rnd() * 4)));
      const parts = { instructions: paragraph(rnd, 2), question: sentence(rnd) };
      const base = count(promptMessages({ ...parts, blocks: [], turns: [] }));
      // Each passage adds its block and one newline token; each exchange its texts and 2 × (<start_of_turn> role \n <end_of_turn> \n).
      const expected =
        base + blocks.reduce((sum, b) => sum + gemma.countTokens(b) + 1, 0) + turns.reduce((sum, t) => sum + gemma.countTokens(t.user) + gemma.countTokens(t.assistant) + 10, 0);
      expect(count(promptMessages({ ...parts, blocks, turns }))).toBe(expected);
    }
  });

  it("does not recount passages for every candidate: work is linear in the input", () => {
    const rnd = seededRandom(3);
    const passages = Array.from({ length: 200 }, (_, i) => passage(paragraph(rnd, 4), i));
    let counted = 0;
    const spy = (messages: ModelMessage[]) => {
      counted += messages.reduce((sum, m) => sum + (typeof m.content === "string" ? m.content.length : 0), 0);
      return count(messages);
    };
    const input = { window: 8192, instructions: "", history: history(rnd, 20), passages, question: "What applies?", countChatTokens: spy };
    const result = fitToWindow(input);
    expect(result.dropped.passages).toBeGreaterThan(0);
    const inputChars = passages.reduce((sum, p) => sum + p.text.length, 0) + input.history.reduce((sum, m) => sum + m.content.length, 0);
    expect(counted).toBeLessThan(3 * inputChars);
  });

  it("cuts the best passage at a sentence boundary when it alone does not fit, and says so", () => {
    const sentences = Array.from({ length: 150 }, (_, i) => `Fact number ${i} is recorded in the archive.`);
    const best = passage(sentences.join(" "), 0);
    const result = fitToWindow({ window: 1024, instructions: "", history: history(seededRandom(1), 3), passages: [best, passage("Second.", 1)], question: "Which fact?", countChatTokens: count });
    expect(result.passages).toHaveLength(1);
    const [only] = result.passages;
    expect(only).toMatchObject({ number: 1, id: "chunk-0", isTruncated: true });
    expect(only!.text).toMatch(/archive\.$/);
    expect(best.text.startsWith(only!.text)).toBe(true);
    expect(result.dropped).toEqual({ passages: 1, historyTurns: 3 });
    expect(result.promptTokens).toBeLessThanOrEqual(512);
    // Nearly full: adding the next sentence would not fit.
    expect(result.promptTokens).toBeGreaterThan(480);
  });

  it("cuts at a word when even the first sentence is too long", () => {
    const best = passage(`${Array.from({ length: 2000 }, (_, i) => `word${i}`).join(" ")}.`, 0);
    const result = fitToWindow({ window: 600, instructions: "", history: [], passages: [best], question: "Which word?", countChatTokens: count });
    expect(result.passages[0]).toMatchObject({ isTruncated: true });
    expect(result.passages[0]!.text).toMatch(/^word0 word1 .* word\d+ …$/);
    expect(result.promptTokens).toBeLessThanOrEqual(300);
  });

  it("drops passages from the weakest and keeps their numbers as ranks", () => {
    const passages = Array.from({ length: 10 }, (_, i) => passage(paragraph(seededRandom(i), 6), i));
    const result = fitToWindow({ window: 1400, instructions: "", history: [], passages, question: "What applies?", countChatTokens: count });
    const n = result.passages.length;
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThan(10);
    expect(result.passages.map((p) => p.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(result.dropped.passages).toBe(10 - n);
  });

  it("prefers passages to history, and drops the oldest exchanges first", () => {
    const rnd = seededRandom(11);
    const passages = Array.from({ length: 3 }, (_, i) => passage(paragraph(rnd, 3), i));
    const turns = history(rnd, 12);
    const all = fitToWindow({ window: 32768, instructions: "", history: turns, passages, question: "Q?", countChatTokens: count });
    expect(all.dropped).toEqual({ passages: 0, historyTurns: 0 });

    const window = all.promptTokens + 512 - 150; // room for everything but some history
    const some = fitToWindow({ window, instructions: "", history: turns, passages, question: "Q?", countChatTokens: count });
    expect(some.passages).toHaveLength(3);
    expect(some.dropped.historyTurns).toBeGreaterThan(0);
    expect(some.history.at(-1)?.content).toBe(all.history.at(-1)?.content);
    expect(some.history[0]?.content).toMatch(new RegExp(`^Question ${some.dropped.historyTurns}:`));
  });

  it("orders passages best first, second best last, and the fake model cites them by rank", () => {
    const texts = ["The sky looks blue because air scatters blue light.", "Grass is green.", "Snow is white.", "Coal is black.", "Blood is red."];
    const result = fitToWindow({ window: 4096, instructions: "", history: [], passages: texts.map(passage), question: "Why is grass green?", countChatTokens: count });
    expect(promptOrder([1, 2, 3, 4, 5])).toEqual([1, 3, 4, 5, 2]);
    expect([...userText(result).matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]))).toEqual([1, 3, 4, 5, 2]);
    const chat = result.messages.map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : "" }));
    expect(generateAnswer(chat)).toMatch(/Grass is green\. \[2\]$/);
  });

  it("reserves 512 tokens for the answer by default, at most half the window", () => {
    const passages = Array.from({ length: 40 }, (_, i) => passage(paragraph(seededRandom(100 + i), 5), i));
    const base = { instructions: "", history: [], passages, question: "Q?", countChatTokens: (m: ModelMessage[]) => count(m) };
    const big = fitToWindow({ ...base, window: 4096 });
    expect(big.promptTokens).toBeLessThanOrEqual(4096 - 512);
    expect(big.promptTokens).toBeGreaterThan(4096 - 512 - 200);
    const small = fitToWindow({ ...base, window: 700 });
    expect(small.promptTokens).toBeLessThanOrEqual(350);
    expect(small.promptTokens).toBeGreaterThan(200);
    expect(fitToWindow({ ...base, window: 4096, answerReserve: 2000 }).promptTokens).toBeLessThanOrEqual(2096);
  });

  it("refuses a question that does not fit with the instructions", () => {
    const question = "Why? ".repeat(2000);
    const call = () => fitToWindow({ window: 4096, instructions: "", history: [], passages: [], question, countChatTokens: count });
    expect(call).toThrow(AppError);
    expect(call).toThrow("The question is too long for the model's context window (4096 tokens); shorten it.");
    try {
      call();
    } catch (error) {
      expect((error as AppError).code).toBe("invalid_input");
    }
  });

  it("still stays within the window with a counter whose template is not additive", () => {
    // A made-up template that charges more the more passages there are: the estimate is short, the final check sheds.
    const quadratic = (messages: ModelMessage[]) => {
      const last = messages.at(-1)?.content;
      const blocks = typeof last === "string" ? (last.match(/^\[\d+\]/gm) ?? []).length : 0;
      return count(messages) + blocks * blocks * 5;
    };
    const rnd = seededRandom(5);
    const passages = Array.from({ length: 20 }, (_, i) => passage(paragraph(rnd, 2), i));
    const result = fitToWindow({ window: 2048, instructions: "", history: history(rnd, 4), passages, question: "Q?", countChatTokens: quadratic });
    expect(result.promptTokens).toBe(quadratic(result.messages));
    expect(result.promptTokens).toBeLessThanOrEqual(2048 - 512);
    expect(result.passages[0]?.number).toBe(1);
  });
});
