import { describe, expect, it } from "vitest";
import type { PiiMapping } from "./mapping";
import { createRestorer, restoreStream, restoreText } from "./restorer";

const mapping: PiiMapping = {
  version: 1,
  entries: [
    { kind: "PERSON", value: "Maria Schmidt", placeholder: "[PERSON_1]" },
    { kind: "PERSON", value: "Kwame Mensah", placeholder: "[PERSON_2]" },
    { kind: "EMAIL", value: "maria.schmidt@example.org", placeholder: "[EMAIL_1]" },
    { kind: "PHONE", value: "+44 20 7946 0958", placeholder: "[PHONE_12]" },
    { kind: "EMPLOYEE_ID", value: "EMP10442", placeholder: "[EMPLOYEE_ID_1]" },
  ],
};
const masked =
  "[PERSON_1] ([EMAIL_1]) manages [PERSON_2] [1]. Call [PHONE_12] or ask [EMPLOYEE_ID_1]; see items[2], [UNKNOWN_3] and [brackets] [PERSON_1].";
const expected =
  "Maria Schmidt (maria.schmidt@example.org) manages Kwame Mensah [1]. Call +44 20 7946 0958 or ask EMP10442; see items[2], [UNKNOWN_3] and [brackets] Maria Schmidt.";

function run(chunks: string[]) {
  const restorer = createRestorer(mapping);
  const outputs = chunks.map((chunk) => restorer.push(chunk));
  outputs.push(restorer.flush());
  return outputs;
}

// A prefix of a placeholder left at the end of an emitted piece would show the user half a placeholder.
const PARTIAL_AT_END = /\[[A-Z][A-Z0-9_]*$|\[$/;

describe("restoring values in a streamed answer", () => {
  it("restores a whole text; unknown placeholders, citations and other brackets pass through", () => {
    expect(restoreText(masked, mapping)).toBe(expected);
  });

  it("is exact for every split of the text into two chunks, and never emits part of a placeholder", () => {
    for (let at = 0; at <= masked.length; at++) {
      const outputs = run([masked.slice(0, at), masked.slice(at)]);
      expect(outputs.join("")).toBe(expected);
      for (const piece of outputs.slice(0, -1)) expect(piece).not.toMatch(/\[(?:PERSON|EMAIL|PHONE|EMPLOYEE)[A-Z_]*\d*$/);
    }
  });

  it("is exact for random chunkings, including one character at a time", () => {
    let seed = 8;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const chunkings = [[...masked]];
    for (let n = 0; n < 300; n++) {
      const chunks: string[] = [];
      for (let at = 0; at < masked.length; ) {
        const size = 1 + Math.floor(random() * 12);
        chunks.push(masked.slice(at, at + size));
        at += size;
      }
      chunkings.push(chunks);
    }
    for (const chunks of chunkings) {
      const outputs = run(chunks);
      expect(outputs.join("")).toBe(expected);
      for (const piece of outputs.slice(0, -1)) expect(piece).not.toMatch(/\[(?:PERSON|EMAIL|PHONE|EMPLOYEE)[A-Z_]*\d*$/);
    }
  });

  it("holds an incomplete placeholder back, then emits it once it is complete", () => {
    const restorer = createRestorer(mapping);
    expect(restorer.push("Ask [PER")).toBe("Ask ");
    expect(restorer.push("SON_")).toBe("");
    expect(restorer.push("1] today")).toBe("Maria Schmidt today");
    expect(restorer.flush()).toBe("");
  });

  it("flushes what it held at the end of the stream unchanged", () => {
    const restorer = createRestorer(mapping);
    expect(restorer.push("The answer ends in [PERSON_")).toBe("The answer ends in ");
    expect(restorer.flush()).toBe("[PERSON_");
  });

  it("lets a bracket that cannot become a placeholder through at once", () => {
    const restorer = createRestorer(mapping);
    expect(restorer.push("see [1")).toBe("see [1");
    expect(restorer.push("] and [a b")).toBe("] and [a b");
    expect(PARTIAL_AT_END.test(restorer.push("x [PERSON_2"))).toBe(false);
    expect(restorer.flush()).toBe("[PERSON_2");
  });

  it("accepts a placeholder the model wrote in lower case", () => {
    expect(restoreText("Hello [person_2]", mapping)).toBe("Hello Kwame Mensah");
  });

  it("works as a TransformStream", async () => {
    const deltas = ["[PERSON_", "1] wrote to [EM", "AIL_1]."];
    const source = new ReadableStream<string>({
      pull(controller) {
        const next = deltas.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const parts: string[] = [];
    const reader = source.pipeThrough(restoreStream(mapping)).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
    expect(parts.join("")).toBe("Maria Schmidt wrote to maria.schmidt@example.org.");
  });
});
