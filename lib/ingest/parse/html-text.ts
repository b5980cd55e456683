import { type ChildNode, type Element, isTag, isText } from "domhandler";
import { DomUtils, parseDocument } from "htmlparser2";

// HTML becomes the Markdown-ish text the chunker understands: headings as "#" lines, paragraphs, list items and table
// rows as blocks separated by blank lines. Code never reaches the text: scripts, styles and the like are skipped
// whole, and attributes (where javascript: URLs and event handlers live) are never read into it.

const SKIPPED = new Set(["script", "style", "noscript", "template", "head", "title", "nav", "iframe", "object", "embed", "svg", "math", "canvas", "select", "button"]);
const BLOCKS = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend", "main", "ol", "p",
  "section", "summary", "ul",
]);
const HEADING = /^h([1-6])$/;

/** The readable text of an HTML page in Markdown-ish blocks, and its title (<title>, else the first <h1>). */
export function htmlToText(html: string): { title?: string; text: string } {
  const document = parseDocument(html);
  const blocks = new Blocks();
  walk(document.children, blocks);
  blocks.flush();
  // An <svg> may carry its own <title>; the page's is the one outside any skipped element but <head>.
  const titleElement = DomUtils.findOne((element) => element.name === "title" && !hasSkippedAncestor(element, "head"), document.children);
  const h1 = DomUtils.findOne((element) => element.name === "h1" && !hasSkippedAncestor(element), document.children);
  const title = (titleElement && collapse(DomUtils.textContent(titleElement))) || (h1 && inlineText(h1)) || undefined;
  return { ...(title ? { title } : {}), text: blocks.list.join("\n\n") };
}

class Blocks {
  readonly list: string[] = [];
  private current = "";

  append(text: string): void {
    this.current += text;
  }

  flush(): void {
    const text = this.current
      .split("\n")
      .map((line) => line.replace(/[ \t\f\r]+/g, " ").trim())
      .join("\n")
      .trim();
    this.current = "";
    if (text) this.list.push(text);
  }

  push(block: string): void {
    this.flush();
    if (block.trim()) this.list.push(block);
  }
}

function walk(nodes: ChildNode[], out: Blocks): void {
  for (const node of nodes) {
    if (isText(node)) out.append(node.data.replace(/[ \t\n\f\r]+/g, " "));
    else if (isTag(node)) walkElement(node, out);
  }
}

function walkElement(element: Element, out: Blocks): void {
  const name = element.name;
  if (SKIPPED.has(name) || "hidden" in element.attribs) return;
  const heading = HEADING.exec(name);
  if (heading) {
    const text = inlineText(element);
    if (text) out.push(`${"#".repeat(Number(heading[1]))} ${text}`);
  } else if (name === "br") {
    out.append("\n");
  } else if (name === "pre") {
    const code = preformattedText(element.children).replace(/^\n|\n$/g, "");
    if (code.trim()) out.push(`\`\`\`\n${code}\n\`\`\``);
  } else if (name === "li") {
    out.push(listItem(element));
  } else if (name === "table") {
    out.push(tableRows(element).join("\n"));
  } else if (BLOCKS.has(name)) {
    out.flush();
    walk(element.children, out);
    out.flush();
  } else {
    walk(element.children, out);
  }
}

// "- item" or "3. item"; a nested list stays under its item, indented, as Markdown has it.
function listItem(item: Element): string {
  const inner = new Blocks();
  walk(item.children, inner);
  inner.flush();
  const parent = item.parent;
  let marker = "-";
  if (parent && isTag(parent) && parent.name === "ol") {
    const siblings = parent.children.filter((child) => isTag(child) && child.name === "li");
    marker = `${(Number.parseInt(parent.attribs.start ?? "", 10) || 1) + siblings.indexOf(item)}.`;
  }
  const body = inner.list.join("\n").replace(/\n/g, "\n  ");
  return body ? `${marker} ${body}` : "";
}

function tableRows(table: Element): string[] {
  const rows = DomUtils.getElementsByTagName("tr", table.children, true);
  return rows
    .map((row) => row.children.filter((cell): cell is Element => isTag(cell) && (cell.name === "td" || cell.name === "th")).map(inlineText).join(" | "))
    .filter((row) => row.replace(/[\s|]/g, "") !== "");
}

function inlineText(element: Element): string {
  const inner = new Blocks();
  walk(element.children, inner);
  inner.flush();
  return collapse(inner.list.join(" "));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// Whitespace kept as written; skipped elements stay skipped even inside <pre>.
function preformattedText(nodes: ChildNode[]): string {
  return nodes
    .map((node) => {
      if (isText(node)) return node.data;
      if (!isTag(node) || SKIPPED.has(node.name) || "hidden" in node.attribs) return "";
      return node.name === "br" ? "\n" : preformattedText(node.children);
    })
    .join("");
}

function hasSkippedAncestor(element: Element, allowed?: string): boolean {
  for (let parent = element.parent; parent; parent = parent.parent) {
    if (isTag(parent) && parent.name !== allowed && (SKIPPED.has(parent.name) || "hidden" in parent.attribs)) return true;
  }
  return false;
}
