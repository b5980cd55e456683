// The document's structure for the chunker: sections under Markdown headings (ATX and one-line setext), each a list
// of block-level units (paragraphs, list items, table rows, code fences) with the strength of the boundary before it.

// Boundary strength before a unit, weakest first.
export const CHAR = 0;
export const WORD = 1;
export const SENTENCE = 2;
export const LINE = 3; // list item, table row, code paragraph
export const BLOCK = 4; // blank line, heading, code fence

export type Kind = "heading" | "prose" | "code" | "sentence" | "word" | "chars";

/** A trimmed, non-empty range of the content: the packer's building block. */
export interface Unit {
  start: number;
  end: number;
  level: number;
  kind: Kind;
  tokens: number;
}

export interface Section {
  path: string[];
  depth: number;
  units: Unit[];
}


const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
export const ITEM = /^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+\S|\|)/;
const MAX_HEADING_CHARS = 200;

/** Markdown-ish structure in one pass over the lines: sections under headings, each a list of block-level units. */
export function parseSections(content: string): Section[] {
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
