/**
 * Text utilities shared by the fake model: token counting, streaming chunks, content words and the
 * deterministic embedding.
 *
 * Token rule (the fake's stand-in for a real tokenizer): a token is a run of letters/digits/underscore,
 * or any single other non-space character. "The sky (blue)." is 6 tokens: The, sky, (, blue, ), "." .
 * Real BPE tokenizers give counts of the same order for English, which is all the tests need.
 * Every streamed chunk is exactly one such token with its leading whitespace attached, so
 * completion_tokens always equals the number of content chunks, as with Ollama.
 */

const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
// The trailing `\s+$` alternative keeps trailing whitespace, so joining the chunks gives back the text exactly.
const CHUNK = /\s*(?:[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_])|\s+$/gu;

export function countTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}

export function splitChunks(text: string): string[] {
  return text.match(CHUNK) ?? [];
}

/** Chat-template overhead per message (role markers, turn delimiters), as a real template adds. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function countPromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

const STOP_WORDS = new Set(
  (
    "a an the and or but if of to in on at by for with about as into from is are was were be been being am " +
    "do does did have has had it its this that these those i you he she we they me my your our their them his her " +
    "what which who whom why how when where not no can could would should will shall may might must there here " +
    "than then so such also just only please tell give answer question context very more most some any all"
  ).split(" "),
);

/** Crude suffix stemming: enough that "scatters", "scattering" and "scattered" meet as "scatter". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 4 && /(?:s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Lower-cased, stop-word-free, stemmed words: the unit of both retrieval overlap and embeddings. */
export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w))
    .map(stem);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// nomic-embed-text's task prefixes are instructions to the model, not content; hashing them would make
// every document look alike.
const TASK_PREFIX = /^\s*(?:search_query|search_document|classification|clustering)\s*:\s*/i;

/**
 * Deterministic "embedding": a hashed bag of content words, L2-normalised. Texts sharing words get a high
 * cosine similarity, unrelated texts land near 0. Values are float32 so a base64 round trip is exact.
 */
export function fakeEmbedding(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of contentWords(text.replace(TASK_PREFIX, ""))) {
    const h = fnv1a(word);
    v[h % dimension] = (v[h % dimension] ?? 0) + (h >>> 31 ? -1 : 1);
  }
  const norm = Math.hypot(...v);
  // A text without content words still needs a unit vector; a uniform one is far from every real text.
  if (norm === 0) return v.map(() => Math.fround(1 / Math.sqrt(dimension)));
  return v.map((x) => Math.fround(x / norm));
}

/** Ollama's `dimensions`: keep the first n values and normalise again. */
export function shortenEmbedding(v: number[], n: number): number[] {
  const cut = v.slice(0, n);
  const norm = Math.hypot(...cut);
  return norm === 0 ? cut : cut.map((x) => Math.fround(x / norm));
}

/** Keep the first `keep` tokens and the tail so the text has `budget` tokens, as llama.cpp's context shift does. */
export function cutMiddle(text: string, keep: number, budget: number): string {
  const chunks = splitChunks(text).filter((c) => c.trim() !== "");
  if (chunks.length <= budget) return text;
  const tail = chunks.slice(chunks.length - Math.max(0, budget - keep));
  return (chunks.slice(0, keep).join("") + tail.join("")).trim();
}
