import type { Element, ElementContent, Root as HastRoot, RootContent } from "hast";
import type { Nodes as MdastNodes, Root as MdastRoot } from "mdast";

// Plugins for the answer's Markdown. Model output and document text are data: HTML in them is shown as text (never
// parsed), and `[n]` markers become citation elements the renderer turns into chips.

/** remark: raw HTML (`<script>`, `<img onerror>`) becomes literal text instead of markup. */
export function remarkHtmlAsText() {
  return (tree: MdastRoot) => {
    const visit = (node: MdastNodes) => {
      if (node.type === "html") (node as unknown as { type: string }).type = "text";
      if ("children" in node) node.children.forEach((child) => visit(child as MdastNodes));
    };
    visit(tree);
  };
}

const MARKER = /\[(\d{1,3})\]/g;
/** Markers inside code or links stay as written. */
const SKIPPED = new Set(["code", "pre", "a", "kbd", "samp"]);

/**
 * rehype: each `[n]` in text becomes `<sup data-citation="n">[n]</sup>`. Runs after sanitising (which would strip the
 * data attribute), so the only attribute it adds is this one.
 */
export function rehypeCitations() {
  return (tree: HastRoot) => {
    visitChildren(tree);
  };
}

function visitChildren(node: HastRoot | Element) {
  const next: (RootContent | ElementContent)[] = [];
  for (const child of node.children) {
    if (child.type === "text") next.push(...splitMarkers(child.value));
    else {
      if (child.type === "element" && !SKIPPED.has(child.tagName)) visitChildren(child);
      next.push(child);
    }
  }
  node.children = next as typeof node.children & ElementContent[];
}

function splitMarkers(value: string): ElementContent[] {
  const parts: ElementContent[] = [];
  let last = 0;
  for (const match of value.matchAll(MARKER)) {
    const index = match.index;
    if (index > last) parts.push({ type: "text", value: value.slice(last, index) });
    parts.push({ type: "element", tagName: "sup", properties: { dataCitation: match[1]! }, children: [{ type: "text", value: match[0] }] });
    last = index + match[0].length;
  }
  if (last < value.length) parts.push({ type: "text", value: value.slice(last) });
  return parts.length ? parts : [{ type: "text", value }];
}
