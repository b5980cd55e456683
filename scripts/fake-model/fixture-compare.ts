/**
 * Helpers for comparing live output with the protocol fixtures, for this server's test and for client
 * tests that want to check they parse the same shapes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

// Byte-exact wire-format fixtures of Ollama and LM Studio, kept in the repository so tests run anywhere.
export const PROTOCOL_DIR = path.resolve(import.meta.dirname, "../../tests/protocol");

export const fixture = (name: string): string => readFileSync(path.join(PROTOCOL_DIR, "fixtures", name), "utf8");

interface ErrorCase {
  server: string;
  endpoint: string;
  condition: string;
  body: string | null;
}

/** The exact body errors.json records for a condition (matched by its opening words). */
export function errorBody(server: string, endpoint: string, condition: string): string {
  const cases = JSON.parse(readFileSync(path.join(PROTOCOL_DIR, "errors.json"), "utf8")) as ErrorCase[];
  const found = cases.find((e) => e.server === server && e.endpoint === endpoint && e.condition.startsWith(condition));
  if (!found?.body) throw new Error(`no errors.json entry for ${server} ${endpoint} ${condition}`);
  return found.body;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const VARYING_NUMBERS = new Set(["created", "prompt_tokens", "completion_tokens", "total_tokens", "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"]);

/** Blanks exactly what may differ between a fixture and live output: ids, times, text, token counts, vectors. */
export function normalise(v: Json, key = ""): Json {
  if (key === "embedding") return "<vector>";
  if (Array.isArray(v)) return v.map((x) => normalise(x));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x, k)]));
  if (key === "id" && typeof v === "string") return "<id>";
  if (key === "created_at") return "<time>";
  if (key === "content" && typeof v === "string" && v !== "") return "<text>";
  if (VARYING_NUMBERS.has(key) && typeof v === "number") return 0;
  return v;
}

/** A JSON body's normalised form; key order is kept, so it is compared too. */
export const shapeOf = (text: string): string => JSON.stringify(normalise(JSON.parse(text) as Json));

/** Go's encoding/json, written independently of the server's own serialiser: compact, <, > and & escaped. */
export const goStyle = (v: unknown): string => JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/**
 * Checks SSE framing byte by byte (`data: <json>\n\n`, each payload exactly as `serialise` writes it),
 * then returns the normalised events with runs of identical events (the content chunks) collapsed.
 */
export function sseShape(body: string, serialise: (v: unknown) => string): string[] {
  if (!body.endsWith("\n\n")) throw new Error("SSE body does not end with a blank line");
  const shape: string[] = [];
  for (const event of body.slice(0, -2).split("\n\n")) {
    if (!event.startsWith("data: ")) throw new Error(`not a data event: ${event}`);
    const payload = event.slice("data: ".length);
    if (payload === "[DONE]") {
      shape.push(payload);
      continue;
    }
    if (payload !== serialise(JSON.parse(payload))) throw new Error(`payload not in the server's encoding: ${payload}`);
    const n = JSON.stringify(normalise(JSON.parse(payload) as Json));
    if (shape.at(-1) !== n) shape.push(n);
  }
  return shape;
}
