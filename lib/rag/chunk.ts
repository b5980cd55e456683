import "server-only";
import { embeddingInputLimit, embeddingPrefixes, SPECIAL_TOKENS_PER_INPUT, tokenCounterFor, type TokenCounter } from "./tokenizers";

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

// Boundary strength before a unit, weakest first.
const CHAR = 0;
const WORD = 1;
const SENTENCE = 2;
const LINE = 3; // list item, table row, code paragraph
const BLOCK = 4; // blank line, heading, code fence

type Kind = "heading" | "prose" | "code" | "sentence" | "word" | "chars";

/** A trimmed, non-empty range of the content: the packer's building block. */
interface Unit {
  start: number;
  end: number;
  level: number;
  kind: Kind;
  tokens: number;
}

interface Section {
  path: string[];
  depth: number;
  units: Unit[];
}

interface Context {
  content: string;
  count: (start: number, end: number) => number;
  maxTokens: number;
  maxChars: number;
  overlapTokens: number;
  chunks: Chunk[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const ITEM = /^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+\S|\|)/;
const MAX_HEADING_CHARS = 200;

/** Markdown-ish structure in one pass over the lines: sections under headings, each a list of block-level units. */
function parseSections(content: string): Section[] {
  const sections: Section[] = [{ path: [], depth: 0, units: [] }];
  const stack: { depth: number; text: string }[] = [];
  let section = sections[0]!;
  let open: Unit | undefined; // the paragraph or list item that a following line continues
  let fence: { marker: string; unit: Unit } | undefined;
  let gap = true; // a blank line (or a heading, fence) since the last unit
  let paragraphLines = 0;
  const unit = (start: number, end: number, kind: Kind, level: number): Unit => {
    const created = { start, end, level, kind, tokens: -1 };
    section.units.push(created);
    return created;
  };
  const startSection = (depth: number, title: string) => {
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    stack.push({ depth, text: title.trim().slice(0, MAX_HEADING_CHARS) });
    section = { path: stack.map((heading) => heading.text).filter(Boolean), depth, units: [] };
    sections.push(section);
  };

  for (let lineStart = 0; lineStart <= content.length; ) {
    const newline = content.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? content.length : newline;
    const line = content.slice(lineStart, lineEnd);
    const first = lineStart + (line.length - line.trimStart().length);
    const last = lineStart + line.trimEnd().length;
    lineStart = lineEnd + 1;
    if (fence) {
      if (first < last) fence.unit.end = last;
      if (line.trimStart().startsWith(fence.marker) && /^\s*([`~])\1*\s*$/.test(line)) fence = undefined;
      continue;
    }
    if (first >= last) {
      open = undefined;
      gap = true;
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    const heading = fenceMatch ? null : ATX_HEADING.exec(line);
    const underline = SETEXT_UNDERLINE.exec(line);
    if (fenceMatch) {
      fence = { marker: fenceMatch[1]!, unit: unit(first, last, "code", BLOCK) };
      open = undefined;
      gap = true;
    } else if (heading) {
      startSection(heading[1]!.length, (heading[2] ?? "").replace(/(?:^|[ \t]+)#+[ \t]*$/, ""));
      unit(first, last, "heading", BLOCK);
      open = undefined;
      gap = true;
    } else if (underline && open?.kind === "prose" && paragraphLines === 1 && !ITEM.test(content.slice(open.start, open.end))) {
      // A one-line paragraph underlined with === or --- is a setext heading.
      const title = content.slice(open.start, open.end);
      section.units.pop();
      startSection(underline[1]!.startsWith("=") ? 1 : 2, title);
      unit(open.start, last, "heading", BLOCK);
      open = undefined;
      gap = true;
    } else if (open && !ITEM.test(line)) {
      open.end = last;
      paragraphLines++;
    } else {
      open = unit(first, last, "prose", gap ? BLOCK : LINE);
      paragraphLines = 1;
      gap = false;
    }
  }
  return mergeHeadingOnlySections(sections);
}

/** A heading directly followed by a deeper one ("# Policy\n## Leave") joins that section rather than standing alone. */
function mergeHeadingOnlySections(sections: Section[]): Section[] {
  const merged: Section[] = [];
  let carried: Section | undefined;
  for (const section of sections) {
    if (section.units.length === 0) continue;
    const isHeadingOnly = section.units.length === 1 && section.depth > 0;
    if (carried && section.depth > carried.depth) section.units.unshift(...carried.units);
    else if (carried) merged.push(carried);
    carried = undefined;
    if (isHeadingOnly) carried = section;
    else merged.push(section);
  }
  if (carried) merged.push(carried);
  return merged;
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
