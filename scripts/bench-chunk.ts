// `npx tsx --conditions=react-server scripts/bench-chunk.ts [megabytes]`: times the token counter and chunkDocument on
// generated documents (Markdown, PDF-like hard-wrapped text, base64) and prints ms per MB, tokens/s and ms per chunk.
import { chunkDocument, effectiveChunkTokens } from "@/lib/rag/chunk";
import { tokenCounterFor } from "@/lib/rag/tokenizers";

const megabytes = Number(process.argv[2] ?? 1);
const size = Math.round(megabytes * 1_000_000);

let seed = 20240601;
function next(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const WORDS = (
  "the employee may request annual leave in writing at least two weeks before it starts and the manager answers within " +
  "five working days approval depends on staffing levels reimbursement receipts policy section travel expenses must be " +
  "submitted monthly antidisestablishmentarianism e-mail don't U.S. 3.14% café naïve résumé Zürich"
).split(" ");
const sentence = () => {
  const text = Array.from({ length: 4 + Math.floor(next() * 22) }, () => pick(WORDS)).join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}${pick([".", ".", ".", "?", "!"])}`;
};
const paragraph = () => Array.from({ length: 1 + Math.floor(next() * 7) }, sentence).join(" ");

function generate(make: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const part = make();
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join("\n\n").slice(0, size);
}

const documents: Record<string, string> = {
  markdown: generate(() => {
    const roll = next();
    if (roll < 0.08) return `${"#".repeat(1 + Math.floor(next() * 3))} ${sentence().slice(0, 40)}`;
    if (roll < 0.18) return Array.from({ length: 2 + Math.floor(next() * 6) }, () => `- ${sentence()}`).join("\n");
    if (roll < 0.22) return "```ts\n" + Array.from({ length: 3 + Math.floor(next() * 20) }, () => `  const x = f(${Math.floor(next() * 100)});`).join("\n") + "\n```";
    return paragraph();
  }),
  "pdf-like": generate(() => (paragraph() + " " + paragraph()).replace(/(.{1,78})( |$)/g, "$1\n")),
  "pdf, no blank lines": generate(() => paragraph()).replace(/\n\n/g, " ").replace(/(.{1,78})( |$)/g, "$1\n"),
  base64: Array.from({ length: size }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[Math.floor(next() * 64)]).join("").replace(/.{76}/g, "$&\n"),
};

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function time<T>(run: () => T, runs = 5): { ms: number; result: T } {
  let result = run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

const settings = [
  { chunkSize: 200, chunkOverlap: 30, embeddingModel: "all-minilm" },
  { chunkSize: 1000, chunkOverlap: 100, embeddingModel: "nomic-embed-text" },
];
console.log(`node ${process.version}, ${megabytes} MB documents, median of 5 runs after a warm-up`);
for (const [name, content] of Object.entries(documents)) {
  const counter = tokenCounterFor("all-minilm");
  const counted = time(() => counter.count(content));
  const mb = content.length / 1_000_000;
  console.log(`${name}: ${counted.result} WordPiece tokens, count ${(counted.ms / mb).toFixed(0)} ms/MB, ${(counted.result / (counted.ms / 1000) / 1e6).toFixed(2)} M tokens/s`);
  for (const setting of settings) {
    const options = { ...effectiveChunkTokens(setting), counter: tokenCounterFor(setting.embeddingModel) };
    const { ms, result: chunks } = time(() => chunkDocument(content, options));
    const tokens = chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0);
    console.log(
      `  ${setting.embeddingModel} max ${options.maxTokens}/overlap ${options.overlapTokens}: ${chunks.length} chunks, ` +
        `${(ms / mb).toFixed(0)} ms/MB (${(ms / mb / 1000).toFixed(3)} ms/KB), ${((ms * 1000) / chunks.length).toFixed(0)} µs/chunk, ` +
        `${(tokens / (ms / 1000) / 1e6).toFixed(2)} M chunk tokens/s`,
    );
  }
}
