import "server-only";
import { embeddingInputLimit, embeddingPrefixes, SPECIAL_TOKENS_PER_INPUT, tokenCounterFor, type TokenCounter } from "./tokenizers";
import { CHAR, LINE, parseSections, SENTENCE, WORD, type Kind, type Unit } from "./structure";

// Splits a document into chunks along its structure (headings, blocks, list items, code fences, sentences, words,
// characters), packing small pieces greedily and cutting where the strongest boundary is. Every chunk is an exact
// slice of the content, so citations can point at character ranges.

export interface Chunk {
  ordinal: number;
  text: string;
  startOffset: number;
  endOffset: number;
  tokenCount: number;
  headingPath: string[];
}

export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
  counter: TokenCounter;
}

/** No chunk is larger than this, whatever the settings. */
export const MAX_CHUNK_TOKENS = 8192;
/** Tokens reserved for the heading path prepended to a chunk when it is embedded; the embedder keeps it within this. */
export const HEADING_CONTEXT_TOKENS = 32;
const MIN_CHUNK_TOKENS = 16;
// Text that counts few tokens (a 50 KB base64 word is one [UNK]; runs of spaces count none) is still cut by length.
const MAX_CHARS_PER_TOKEN = 16;
// A chunk ends at the strongest boundary in its second half, the latest among equals.
const MIN_FILL = 0.5;

/** Splits content into chunks: content.slice(startOffset, endOffset) === text for every chunk (exactly). */
export function chunkDocument(content: string, options: ChunkOptions): Chunk[] {
  const maxTokens = clamp(options.maxTokens, 1, MAX_CHUNK_TOKENS);
  const ctx: Context = {
    content,
    count: (start, end) => options.counter.count(content.slice(start, end)),
    maxTokens,
    maxChars: maxTokens * MAX_CHARS_PER_TOKEN,
    overlapTokens: clamp(options.overlapTokens, 0, maxTokens),
    chunks: [],
  };
  for (const section of parseSections(content)) packSection(ctx, section.units.flatMap((unit) => fit(ctx, unit)), section.path);
  return ctx.chunks;
}

/** The effective maximum chunk size for a knowledge base: its setting, within what its embedding model can take. */
export function effectiveChunkTokens(settings: { chunkSize: number; chunkOverlap: number; embeddingModel: string }): {
  maxTokens: number;
  overlapTokens: number;
} {
  const model = settings.embeddingModel;
  const prefixTokens = tokenCounterFor(model).count(embeddingPrefixes(model).document);
  const modelBudget = embeddingInputLimit(model) - SPECIAL_TOKENS_PER_INPUT - prefixTokens - HEADING_CONTEXT_TOKENS;
  const chunkSize = Math.floor(settings.chunkSize);
  const maxTokens = clamp(Math.min(chunkSize, modelBudget), MIN_CHUNK_TOKENS, MAX_CHUNK_TOKENS);
  // When the model shrinks the chunks, the overlap shrinks in proportion; it never exceeds half a chunk.
  const overlap = maxTokens < chunkSize ? Math.round((settings.chunkOverlap * maxTokens) / chunkSize) : settings.chunkOverlap;
  return { maxTokens, overlapTokens: clamp(overlap, 0, Math.floor(maxTokens / 2)) };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : min;
}

interface Context {
  content: string;
  count: (start: number, end: number) => number;
  maxTokens: number;
  maxChars: number;
  overlapTokens: number;
  chunks: Chunk[];
}

/** The unit if it fits a chunk by itself, else its pieces, split as finely as needed (each one fitting). */
function fit(ctx: Context, unit: Unit): Unit[] {
  if (unit.end - unit.start <= ctx.maxChars) {
    if (unit.tokens < 0) unit.tokens = ctx.count(unit.start, unit.end);
    if (unit.tokens <= ctx.maxTokens) return [unit];
  } // a unit longer than a chunk's characters is split without counting it
  let pieces = split(ctx, unit);
  // A single piece is the unit itself (one sentence, one word): split it the next finer way.
  for (let kind = unit.kind; pieces.length === 1 && kind !== "chars"; ) {
    kind = FINER[kind];
    pieces = split(ctx, { ...unit, kind });
  }
  pieces[0]!.level = unit.level;
  return pieces.flatMap((piece) => fit(ctx, piece));
}

const FINER: Record<Kind, Kind> = { heading: "sentence", prose: "sentence", code: "sentence", sentence: "word", word: "chars", chars: "chars" };

function split(ctx: Context, unit: Unit): Unit[] {
  const { content } = ctx;
  if (unit.kind === "prose" || unit.kind === "heading") return sentences(content, unit.start, unit.end).map((range) => ({ ...range, kind: "sentence", tokens: -1 }));
  if (unit.kind === "code") return codeLines(content, unit.start, unit.end);
  if (unit.kind === "sentence") return matches(content, unit.start, unit.end, /\S+/g, WORD, "word");
  return characters(ctx, unit.start, unit.end, unit.tokens);
}

function matches(content: string, start: number, end: number, pattern: RegExp, level: number, kind: Kind): Unit[] {
  return Array.from(content.slice(start, end).matchAll(pattern), (match) => ({
    start: start + match.index,
    end: start + match.index + match[0].length,
    level,
    kind,
    tokens: -1,
  }));
}

/** Code splits at its lines, preferring the blank lines between them. */
function codeLines(content: string, start: number, end: number): Unit[] {
  const lines = matches(content, start, end, /\S(?:[^\n]*\S)?/g, SENTENCE, "sentence");
  lines.forEach((line, i) => {
    if (i > 0 && /\n[^\S\n]*\n/.test(content.slice(lines[i - 1]!.end, line.start))) line.level = LINE;
  });
  return lines;
}

// A giant token-less string (base64, a hash dump) is cut into pieces that fit, never inside a surrogate pair or
// before a combining mark.
function characters(ctx: Context, start: number, end: number, tokens: number): Unit[] {
  const { content } = ctx;
  const pieces: Unit[] = [];
  const safeCut = (from: number, at: number) => {
    let cut = at;
    while (cut > from + 1 && cut < end && /[\udc00-\udfff\p{M}\u200d\ufe0f]/u.test(content[cut]!)) cut--;
    return cut;
  };
  // The first guess comes from the text's token density, the next ones from the piece before.
  let guess = Math.min(ctx.maxChars, Math.floor(((end - start) * ctx.maxTokens * 0.95) / Math.max(1, tokens)));
  for (let from = start; from < end; ) {
    let to = safeCut(from, Math.min(end, from + Math.max(1, guess)));
    let count = ctx.count(from, to);
    while (count > ctx.maxTokens && to - from > 1) {
      to = safeCut(from, from + Math.max(1, Math.floor(((to - from) * ctx.maxTokens * 0.95) / count)));
      count = ctx.count(from, to);
    }
    pieces.push({ start: from, end: to, level: CHAR, kind: "chars", tokens: count });
    guess = Math.min(ctx.maxChars, Math.ceil(((to - from) * ctx.maxTokens) / Math.max(1, count)));
    from = to;
  }
  return pieces;
}

const SENTENCE_WINDOW = 4096; // Intl.Segmenter slows down superlinearly on long inputs: segment a window at a time
let sentenceSegmenter: Intl.Segmenter | undefined;

/** Trimmed sentence ranges of [start, end); newlines count as spaces, so hard-wrapped lines do not end sentences. */
function sentences(content: string, start: number, end: number): Omit<Unit, "kind" | "tokens">[] {
  sentenceSegmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  const ranges: Omit<Unit, "kind" | "tokens">[] = [];
  const push = (from: number, to: number, level: number) => {
    const text = content.slice(from, to);
    const trimmedStart = from + text.length - text.trimStart().length;
    const trimmedEnd = from + text.trimEnd().length;
    if (trimmedStart < trimmedEnd) ranges.push({ start: trimmedStart, end: trimmedEnd, level });
  };
  let level = SENTENCE;
  for (let from = start; from < end; ) {
    let to = Math.min(end, from + SENTENCE_WINDOW);
    if (to < end && /[\udc00-\udfff]/.test(content[to]!)) to--; // never between the halves of a surrogate pair
    const segments = Array.from(sentenceSegmenter.segment(content.slice(from, to).replaceAll("\n", " ")));
    if (to < end && segments.length === 1) {
      // No sentence ends within the window: cut at its last space, a word boundary.
      const space = content.slice(from, to).search(/\s\S*$/);
      const cut = space > 0 ? from + space : to;
      push(from, cut, level);
      level = space > 0 ? WORD : CHAR;
      from = cut;
      continue;
    }
    const complete = to < end ? segments.slice(0, -1) : segments; // the window's last sentence may go on
    for (const segment of complete) {
      push(from + segment.index, from + segment.index + segment.segment.length, level);
      level = SENTENCE;
    }
    from += complete.reduce((length, segment) => length + segment.segment.length, 0);
  }
  return ranges;
}

/** Greedy packing of one section's units into chunks, each after the first starting with the previous one's tail. */
function packSection(ctx: Context, units: Unit[], headingPath: string[]) {
  const { content, maxTokens } = ctx;
  let overlap: { start: number; tokens: number } | undefined;
  for (let i = 0; i < units.length; ) {
    let chunkStart = overlap?.start ?? units[i]!.start;
    let sum = overlap?.tokens ?? 0;
    let j = i;
    while (j < units.length && sum + units[j]!.tokens <= maxTokens && units[j]!.end - chunkStart <= ctx.maxChars) sum += units[j++]!.tokens;
    if (j === i && overlap) {
      overlap = undefined; // the next unit needs the whole chunk
      continue;
    }
    if (j === i) sum = units[j++]!.tokens; // cannot happen: every unit fits a chunk by itself
    if (j < units.length && units[j - 1]!.kind === "heading" && units[j]!.kind !== "chars" && units[j]!.kind !== "code") {
      // Headings belong with what follows them: split the next unit (not a code block that fits) finer so that its
      // start joins them.
      units.splice(j, 1, ...split(ctx, units[j]!).flatMap((piece, p) => fit(ctx, p === 0 ? { ...piece, level: units[j]!.level } : piece)));
      continue;
    }
    let end = j < units.length ? breakBefore(units, i, j, sum, maxTokens * MIN_FILL) : j;
    // Counts of adjacent pieces add up except across a cut inside a word: the chunk's own count decides.
    let tokens = end - i === 1 && !overlap ? units[i]!.tokens : ctx.count(chunkStart, units[end - 1]!.end);
    while (tokens > maxTokens && (overlap || end - i > 1)) {
      if (overlap) overlap = undefined;
      else end--;
      chunkStart = units[i]!.start;
      tokens = ctx.count(chunkStart, units[end - 1]!.end);
    }
    const endOffset = units[end - 1]!.end;
    const text = content.slice(chunkStart, endOffset);
    ctx.chunks.push({ ordinal: ctx.chunks.length, text, startOffset: chunkStart, endOffset, tokenCount: tokens, headingPath: [...headingPath] });
    const budget = end < units.length ? Math.min(ctx.overlapTokens, maxTokens - units[end]!.tokens) : 0;
    overlap = budget > 0 ? tail(ctx, units, i, end, chunkStart, budget) : undefined;
    i = end;
  }
}

/** Where a chunk of units[i..j) should end: before the strongest boundary that keeps it at least `minTokens` full. */
function breakBefore(units: Unit[], i: number, j: number, sum: number, minTokens: number): number {
  let best = j;
  let prefix = sum;
  for (let k = j - 1; k > i; k--) {
    prefix -= units[k]!.tokens;
    if (prefix < minTokens) break;
    if (units[k]!.level > units[best]!.level && units[k - 1]!.kind !== "heading") best = k;
  }
  return best;
}

/** The longest tail of units[i..end) within `budget` tokens starting at a sentence boundary, else at a word boundary. */
function tail(ctx: Context, units: Unit[], i: number, end: number, chunkStart: number, budget: number) {
  const { content } = ctx;
  let first = i; // headings are never repeated: the heading path carries them
  for (let k = i; k < end; k++) if (units[k]!.kind === "heading") first = k + 1;
  if (first === end) return undefined;
  const tailEnd = units[end - 1]!.end;
  const starts: number[] = []; // candidate starts, shortest tail first
  let total = 0;
  outer: for (let k = end - 1; k >= first; k--) {
    const unit = units[k]!;
    const pieces = unit.kind === "prose" ? sentences(content, unit.start, unit.end) : unit.kind === "code" ? codeLines(content, unit.start, unit.end) : [unit];
    for (let p = pieces.length - 1; p >= 0; p--) {
      const piece = pieces[p]!;
      total += pieces.length === 1 ? unit.tokens : ctx.count(piece.start, piece.end);
      if (total > budget || piece.start <= chunkStart) break outer;
      if ((p === 0 ? unit.level : piece.level) >= SENTENCE) starts.push(piece.start);
    }
  }
  if (starts.length === 0) {
    // No sentence fits: the last words that do.
    const floor = Math.max(chunkStart + 1, units[first]!.start);
    total = 0;
    for (let wordEnd = tailEnd; wordEnd > floor; ) {
      while (wordEnd > floor && /\s/.test(content[wordEnd - 1]!)) wordEnd--;
      let wordStart = wordEnd;
      while (wordStart > floor && !/\s/.test(content[wordStart - 1]!)) wordStart--;
      if (wordStart === wordEnd || (wordStart === floor && !/\s/.test(content[wordStart - 1] ?? " "))) break;
      total += ctx.count(wordStart, wordEnd);
      if (total > budget) break;
      starts.push(wordStart);
      wordEnd = wordStart;
    }
  }
  // The sums above are estimates (a joined text can count more than its parts): the tail's own count decides.
  for (let c = starts.length - 1; c >= 0; c--) {
    const tokens = ctx.count(starts[c]!, tailEnd);
    if (tokens <= budget) return { start: starts[c]!, tokens };
  }
  return undefined;
}
