// Puts the real values back into a model's answer. Streamed: a placeholder may arrive split across deltas
// ("[PER" + "SON_1]"), so text from an opening bracket that could still become a placeholder is held back until it
// is complete or clearly is not one; nothing partial is ever emitted. Placeholders the model invented (not in the
// mapping) pass through unchanged. No "server-only" needed to be safe, but the mapping must never reach a browser.

import type { PiiMapping } from "./mapping";

const COMPLETE = /^\[([A-Za-z][A-Za-z0-9_]*_\d+)\]/;
const PREFIX = /^\[(?:[A-Za-z][A-Za-z0-9_]*)?$/;
/** Longer than any placeholder: past this, an unclosed bracket is ordinary text. */
const MAX_HELD = 48;

export interface Restorer {
  /** The restored text that can be shown now (possibly empty while a placeholder is incomplete). */
  push(delta: string): string;
  /** Whatever is still held back, at the end of the stream. */
  flush(): string;
}

function lookupOf(mapping: PiiMapping | ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (mapping instanceof Map) return mapping as ReadonlyMap<string, string>;
  return new Map((mapping as PiiMapping).entries.map((entry) => [entry.placeholder, entry.value]));
}

/** A restorer for one streamed answer. */
export function createRestorer(mapping: PiiMapping | ReadonlyMap<string, string>): Restorer {
  const values = lookupOf(mapping);
  let held = "";
  const drain = (isFinal: boolean): string => {
    let out = "";
    let rest = held;
    for (;;) {
      const open = rest.indexOf("[");
      if (open === -1) {
        out += rest;
        rest = "";
        break;
      }
      out += rest.slice(0, open);
      rest = rest.slice(open);
      const complete = COMPLETE.exec(rest);
      if (complete) {
        const placeholder = `[${complete[1]!.toUpperCase()}]`;
        out += values.get(placeholder) ?? complete[0];
        rest = rest.slice(complete[0].length);
        continue;
      }
      if (!isFinal && rest.length <= MAX_HELD && PREFIX.test(rest)) break;
      out += "[";
      rest = rest.slice(1);
    }
    held = rest;
    return out;
  };
  return {
    push(delta) {
      held += delta;
      return drain(false);
    },
    flush() {
      const out = drain(true);
      held = "";
      return out;
    },
  };
}

/** A whole text with its placeholders restored. */
export function restoreText(text: string, mapping: PiiMapping | ReadonlyMap<string, string>): string {
  const restorer = createRestorer(mapping);
  return restorer.push(text) + restorer.flush();
}

/** The same as a stream transform, for a ReadableStream<string> of text deltas. */
export function restoreStream(mapping: PiiMapping | ReadonlyMap<string, string>): TransformStream<string, string> {
  const restorer = createRestorer(mapping);
  return new TransformStream({
    transform(delta, controller) {
      const out = restorer.push(delta);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = restorer.flush();
      if (out) controller.enqueue(out);
    },
  });
}
