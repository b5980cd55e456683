/** A chunk's place in its document: UTF-16 offsets, as the chunker writes them (content.slice(start, end) is the chunk). */
export interface TextRange {
  startOffset: number;
  endOffset: number;
}

/** The text split around a range, clamped to the text, for rendering the range in a <mark>. */
export function splitAtRange(text: string, range: TextRange | undefined): { before: string; marked: string; after: string } {
  if (!range) return { before: text, marked: "", after: "" };
  const start = Math.min(Math.max(0, range.startOffset), text.length);
  const end = Math.min(Math.max(start, range.endOffset), text.length);
  return { before: text.slice(0, start), marked: text.slice(start, end), after: text.slice(end) };
}

/** "characters 120–480" for people: 1-based and inclusive. */
export function describeRange(range: TextRange): string {
  return range.endOffset > range.startOffset ? `characters ${range.startOffset + 1}–${range.endOffset}` : `at character ${range.startOffset + 1}`;
}
