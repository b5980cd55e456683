import { describe, expect, it } from "vitest";
import { chunkDocument, effectiveChunkTokens, type Chunk, type ChunkOptions } from "./chunk";
import { tokenCounterFor } from "./tokenizers";
import { seededRandom } from "@/tests/seeded-random";

const wordPiece = tokenCounterFor("all-minilm");
const estimate = tokenCounterFor("bge-m3");

/** Everything chunkDocument promises, checked on one document: the list of broken promises, empty when all hold. */
function brokenPromises(content: string, chunks: Chunk[], options: ChunkOptions): string[] {
  const problems: string[] = [];
  const check = (holds: boolean, problem: () => string) => {
    if (!holds && problems.length < 5) problems.push(problem());
  };
  let covered = 0; // content before this offset is in a chunk or blank
  chunks.forEach((chunk, i) => {
    const where = `chunk ${i} ${JSON.stringify(chunk.text.slice(0, 40))}`;
    check(chunk.ordinal === i, () => `${where}: ordinal ${chunk.ordinal}`);
    check(content.slice(chunk.startOffset, chunk.endOffset) === chunk.text, () => `${where}: text is not content.slice(start, end)`);
    check(chunk.text.length > 0 && chunk.text.trim() === chunk.text, () => `${where}: empty or untrimmed`);
    check(chunk.tokenCount === options.counter.count(chunk.text), () => `${where}: tokenCount ${chunk.tokenCount} is not the text's count`);
    check(chunk.tokenCount <= options.maxTokens, () => `${where}: ${chunk.tokenCount} tokens`);
    check(/^\s*$/.test(content.slice(covered, Math.max(covered, chunk.startOffset))), () => `${where}: text before it is in no chunk`);
    covered = Math.max(covered, chunk.endOffset);
    const previous = chunks[i - 1];
    if (!previous) return;
    check(chunk.startOffset > previous.startOffset && chunk.endOffset > previous.endOffset, () => `${where}: does not move forward`);
    if (chunk.startOffset < previous.endOffset) {
      const overlap = options.counter.count(content.slice(chunk.startOffset, previous.endOffset));
      check(overlap <= options.overlapTokens, () => `${where}: overlap of ${overlap} tokens`);
    }
  });
  check(/^\s*$/.test(content.slice(covered)), () => "text after the last chunk is in no chunk");
  return problems;
}

describe("chunkDocument", () => {
  it("keeps every promise on generated documents of every kind", () => {
    const settings = [
      { maxTokens: 16, overlapTokens: 4, counter: wordPiece },
      { maxTokens: 64, overlapTokens: 16, counter: estimate },
      { maxTokens: 200, overlapTokens: 30, counter: wordPiece },
      { maxTokens: 512, overlapTokens: 100, counter: wordPiece },
    ];
    const next = seededRandom(7);
    for (const [name, content] of documents(next)) {
      for (const options of settings) {
        const label = `${name} @${options.maxTokens}/${options.overlapTokens} ${options.counter.name}`;
        expect(brokenPromises(content, chunkDocument(content, options), options), label).toEqual([]);
      }
    }
  });

  it("returns nothing for empty or blank content, one chunk for a short text", () => {
    const options = { maxTokens: 200, overlapTokens: 30, counter: wordPiece };
    expect(chunkDocument("", options)).toEqual([]);
    expect(chunkDocument(" \n\n\t \n", options)).toEqual([]);
    expect(chunkDocument("\n\n  Hello there.  \n", options)).toEqual([
      { ordinal: 0, text: "Hello there.", startOffset: 4, endOffset: 16, tokenCount: 3, headingPath: [] },
    ]);
  });

  it("records the chain of headings above each chunk", () => {
    const content = [
      "Preamble before any heading.",
      "# Leave policy",
      "## Annual leave",
      "Employees accrue two days per month.",
      "### Carry-over",
      "Up to five days carry over.",
      "```sh\n# a comment, not a heading\necho hi\n```",
      "Sick leave\n----------",
      "Call your manager before nine.",
      "# Expenses #",
      "Keep receipts.",
      "Title\n=====",
      "Last words.",
    ].join("\n\n");
    const chunks = chunkDocument(content, { maxTokens: 200, overlapTokens: 0, counter: wordPiece });
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text.split("\n")[0]])).toEqual([
      [[], "Preamble before any heading."],
      [["Leave policy", "Annual leave"], "# Leave policy"],
      [["Leave policy", "Annual leave", "Carry-over"], "### Carry-over"],
      [["Leave policy", "Sick leave"], "Sick leave"],
      [["Expenses"], "# Expenses #"],
      [["Title"], "Title"],
    ]);
    expect(chunks[2]!.text).toContain("echo hi\n```");
  });

  it("breaks between paragraphs when they fit, and keeps a fitting code fence whole", () => {
    const paragraph = (n: number) => `Paragraph ${n} explains one rule of the handbook in plain words. It has a second sentence too.`;
    const fence = "```ts\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n\nconsole.log(total);\n```";
    const content = [paragraph(1), paragraph(2), paragraph(3), fence, paragraph(4), paragraph(5), paragraph(6)].join("\n\n");
    const chunks = chunkDocument(content, { maxTokens: 60, overlapTokens: 0, counter: wordPiece });
    for (const chunk of chunks) expect(content.slice(chunk.endOffset, chunk.endOffset + 2)).toMatch(/^(\n\n|)$/);
    expect(chunks.some((chunk) => chunk.text.includes(fence))).toBe(true);
    // A short paragraph is not left alone when the long one after it is cut into sentences anyway.
    const long = Array.from({ length: 12 }, (_, i) => `Sentence ${i} of the long paragraph.`).join(" ");
    const [firstChunk] = chunkDocument(`A short opening.\n\n${long}`, { maxTokens: 40, overlapTokens: 0, counter: wordPiece });
    expect(firstChunk!.text).toMatch(/^A short opening\.\n\nSentence 0 .* Sentence \d+ of the long paragraph\.$/s);
    // A heading does not pull a code block apart that fits a chunk by itself.
    const fenceTokens = wordPiece.count(fence);
    const headed = chunkDocument(`## Totals of the month\n\n${fence}`, { maxTokens: fenceTokens + 1, overlapTokens: 5, counter: wordPiece });
    expect(headed.map((chunk) => chunk.text)).toEqual(["## Totals of the month", fence]);
    // List items are boundaries too: no chunk ends inside one.
    const list = Array.from({ length: 30 }, (_, i) => `- Item ${i} is one short rule, with a comma.`).join("\n");
    for (const chunk of chunkDocument(list, { maxTokens: 50, overlapTokens: 0, counter: wordPiece })) {
      expect(chunk.text).toMatch(/^- Item \d+ .*\.$/s);
    }
  });

  it("starts overlaps at sentence boundaries and splits a giant code block at lines", () => {
    const sentences = Array.from({ length: 80 }, (_, i) => `Sentence ${i} carries a handful of words.`).join(" ");
    const prose = chunkDocument(sentences, { maxTokens: 64, overlapTokens: 20, counter: wordPiece });
    expect(prose.length).toBeGreaterThan(5);
    for (const chunk of prose.slice(1)) {
      expect(chunk.text).toMatch(/^Sentence \d+/);
      expect(chunk.startOffset).toBeLessThan(prose[chunk.ordinal - 1]!.endOffset);
    }
    const code = "```js\n" + Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? "" : `  const value${i} = compute(${i});`)).join("\n") + "\n```";
    for (const chunk of chunkDocument(code, { maxTokens: 100, overlapTokens: 0, counter: wordPiece })) {
      expect(code.slice(0, chunk.startOffset)).toMatch(/(^|\n) *$/);
      expect(code.slice(chunk.endOffset)).toMatch(/^(\n|$)/);
    }
  });

  it("cuts token-less text by length and never inside a surrogate pair", () => {
    const next = seededRandom(3);
    const blob = Array.from({ length: 60_000 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(next() * 62)]).join("");
    const chunks = chunkDocument(blob, { maxTokens: 200, overlapTokens: 30, counter: wordPiece });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(200 * 16);
    const emoji = "👩🏽‍💻🇫🇷😀".repeat(3000);
    for (const chunk of chunkDocument(emoji, { maxTokens: 64, overlapTokens: 8, counter: estimate })) {
      expect(chunk.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it("is deterministic", () => {
    const next = seededRandom(11);
    const [, content] = documents(next)[0]!;
    const options = { maxTokens: 128, overlapTokens: 20, counter: wordPiece };
    expect(chunkDocument(content, options)).toEqual(chunkDocument(content, options));
  });
});

describe("effectiveChunkTokens", () => {
  it("fits the chunk size to the embedding model's window", () => {
    expect(effectiveChunkTokens({ chunkSize: 200, chunkOverlap: 30, embeddingModel: "all-minilm" })).toEqual({ maxTokens: 200, overlapTokens: 30 });
    // 256 - [CLS]/[SEP] - 32 for the heading path; the overlap shrinks in proportion.
    expect(effectiveChunkTokens({ chunkSize: 1000, chunkOverlap: 100, embeddingModel: "all-minilm:latest" })).toEqual({ maxTokens: 222, overlapTokens: 22 });
    // 2048 - 2 - "search_document: " (4 tokens) - 32.
    expect(effectiveChunkTokens({ chunkSize: 8192, chunkOverlap: 0, embeddingModel: "nomic-embed-text" })).toEqual({ maxTokens: 2010, overlapTokens: 0 });
    expect(effectiveChunkTokens({ chunkSize: 8192, chunkOverlap: 8191, embeddingModel: "bge-m3" })).toEqual({ maxTokens: 8158, overlapTokens: 4079 });
    expect(effectiveChunkTokens({ chunkSize: 500, chunkOverlap: 50, embeddingModel: "unknown" })).toEqual({ maxTokens: 478, overlapTokens: 48 });
    expect(effectiveChunkTokens({ chunkSize: 4, chunkOverlap: 10, embeddingModel: "all-minilm" })).toEqual({ maxTokens: 16, overlapTokens: 8 });
  });
});

const WORDS = (
  "the employee may request annual leave in writing at least two weeks before it starts and the manager answers " +
  "within five working days approval depends on staffing levels reimbursement receipts policy section travel " +
  "antidisestablishmentarianism e-mail don't U.S. 3.14% café naïve résumé Zürich straße"
).split(" ");

/** Generated documents of every shape the ingestion sees, seeded so failures reproduce. */
function documents(next: () => number): [string, string][] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const count = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const sentence = (words = count(3, 30)) => {
    const text = Array.from({ length: words }, () => pick(WORDS)).join(" ");
    return `${text[0]!.toUpperCase()}${text.slice(1)}${pick([".", ".", "?", "!", ":"])}`;
  };
  const paragraph = () => Array.from({ length: count(1, 8) }, () => sentence()).join(" ");
  const block = (): string => {
    switch (count(0, 7)) {
      case 0:
        return Array.from({ length: count(2, 8) }, (_, i) => `${pick(["-", "*", `${i + 1}.`])} ${sentence()}${next() < 0.3 ? `\n  ${sentence()}` : ""}`).join("\n");
      case 1: {
        const fence = pick(["```", "~~~", "````"]);
        const lines = Array.from({ length: count(1, next() < 0.2 ? 200 : 15) }, () => (next() < 0.15 ? "" : `${" ".repeat(count(0, 3) * 2)}${pick(["# comment", "let x = 1;", "return f(x) + g(y);", "}"])}`));
        return `${fence}${pick(["", "ts", "python"])}\n${lines.join("\n")}\n${fence}`;
      }
      case 2:
        return ["| name | days |", "|------|------|", ...Array.from({ length: count(1, 10) }, () => `| ${pick(WORDS)} | ${count(0, 30)} |`)].join("\n");
      case 3:
        return `> ${sentence()}\n> ${sentence()}`;
      default:
        return paragraph();
    }
  };
  const heading = () => (next() < 0.2 ? `${sentence(3)}\n${pick(["====", "----"])}` : `${"#".repeat(count(1, 4))} ${sentence(count(1, 5))}`);
  const markdown = Array.from({ length: 120 }, () => (next() < 0.25 ? heading() : block())).join("\n\n");
  const wrapped = (text: string, width: number) => text.replace(new RegExp(`(.{1,${width}})( |$)`, "g"), "$1\n");
  const pdf = Array.from({ length: 30 }, () => `${wrapped(paragraph() + " " + paragraph(), 78)}Page ${count(1, 99)} of 99\n`).join("");
  const giantParagraph = Array.from({ length: 700 }, () => sentence()).join(" ").slice(0, 50_000);
  const runOn = Array.from({ length: 9000 }, () => pick(WORDS)).join(" ");
  const base64 = Array.from({ length: 80_000 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[count(0, 63)]).join("");
  const mime = base64.replace(/.{76}/g, "$&\n");
  const cjk = Array.from({ length: 400 }, () => pick(["年次有給休暇は毎月二日付与されます。", "申请必须提前两周提交！", "管理者は五営業日以内に回答します。", "报销需要收据吗？", "한국어 문장도 있습니다."])).join(next() < 0.5 ? "" : "\n");
  const emoji = Array.from({ length: 3000 }, () => pick(["👩🏽‍💻", "🇫🇷", "e\u0301", "Zalgo\u0336\u0337\u0338", "ok", "👍", "—", " ", " ", "\n", "🙂.", "😀😀😀😀😀😀😀😀"])).join("");
  const edge = ["#", "# ", "```", "```\nunclosed fence\n\n# not a heading", "\u00a0\u2003x\u00a0", "a", "-\n-\n-", "Title\n===\n===", "\f\v x \u2028 y"];
  return [
    ["markdown", markdown],
    ["pdf-like", pdf],
    ["giant paragraph", giantParagraph],
    ["run-on sentence", runOn],
    ["base64", base64],
    ["mime base64", mime],
    ["cjk", cjk],
    ["emoji and combining", emoji],
    ...edge.map((text, i): [string, string] => [`edge ${i}`, text]),
  ];
}
