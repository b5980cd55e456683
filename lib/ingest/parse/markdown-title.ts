// The title of a Markdown document: its first level-1 heading, in ATX ("# Title") or setext ("Title" over "===")
// form, outside fenced code blocks, where a "# comment" line is code, not a heading.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_H1 = /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_H1_UNDERLINE = /^ {0,3}=+[ \t]*$/;

/** The text of the first level-1 heading, or undefined when there is none. */
export function markdownTitle(markdown: string): string | undefined {
  const lines = markdown.split("\n");
  let fence: string | undefined;
  for (const [index, line] of lines.entries()) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch?.[1]?.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    const atx = ATX_H1.exec(line)?.[1]?.trim();
    if (atx) return atx;
    const next = lines[index + 1];
    if (next !== undefined && SETEXT_H1_UNDERLINE.test(next) && line.trim() !== "" && !/^ {4}|^\t/.test(line)) return line.trim();
  }
  return undefined;
}
