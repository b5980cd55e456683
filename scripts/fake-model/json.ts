/**
 * Serialisers that reproduce each server's bytes: Go's encoding/json for Ollama, Node's JSON for LM Studio.
 */

/**
 * Go's encoding/json output: compact, and HTML-safe (<, >, & and U+2028/U+2029 become \uXXXX).
 * Those characters can only occur inside strings in JSON text, so a replace over the whole text is safe.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** json.Encoder.Encode (the /v1 middleware writers) appends a newline; gin's c.JSON does not. */
export const goEncode = (value: unknown): string => goJson(value) + "\n";

/** LM Studio's captured bodies are pretty-printed with two spaces (as the fixtures show). */
export const lmJson = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

/**
 * How Go prints a float32: the shortest decimal that reads back as the same float32, in plain notation
 * unless |x| < 1e-6 or >= 1e21. JavaScript switches to exponent form at the same bounds, and both write
 * "1e-7", not "1e-07" (encoding/json strips the zero).
 */
export function goFloat32(x: number): string {
  const f = Math.fround(x);
  if (f === 0 || !Number.isFinite(f)) return "0";
  for (let p = 1; p <= 9; p++) {
    const shortest = Number(f.toPrecision(p));
    if (Math.fround(shortest) === f) return String(shortest);
  }
  return String(f);
}

/**
 * Serialise with some values inserted as raw JSON: numbers formatted like Go's float32 can't be expressed
 * through JSON.stringify. A placeholder string starts with NUL, which no real value here contains.
 */
export function withRaw(serialise: (v: unknown) => string, value: unknown, raw: readonly string[]): string {
  return serialise(value).replace(/"\\u0000raw(\d+)"/g, (_m, i: string) => raw[Number(i)] ?? "null");
}

export const rawPlaceholder = (i: number): string => `\u0000raw${i}`;

/** Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC. */
export function goTime(ms: number = Date.now(), nanoFraction: number = Number(process.hrtime.bigint() % 1_000_000n)): string {
  const iso = new Date(ms).toISOString(); // 2025-06-15T15:06:40.123Z
  const nanos = String((ms % 1000) * 1_000_000 + nanoFraction).padStart(9, "0").replace(/0+$/, "");
  return iso.slice(0, 19) + (nanos ? "." + nanos : "") + "Z";
}

/** A Go-style error for a body that does not parse, close to encoding/json's wording. */
export function goJsonSyntaxError(raw: string, jsError: string): string {
  const text = raw.trimStart();
  if (text === "") return "EOF";
  if (/end of JSON input/i.test(jsError)) return "unexpected EOF";
  const first = text[0] ?? "";
  if (!/[{["\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  const at = /position (\d+)/.exec(jsError);
  if (at && Number(at[1]) >= raw.length) return "unexpected EOF";
  const bad = (at ? raw[Number(at[1])] : /Unexpected token '?(.)/.exec(jsError)?.[1]) ?? first;
  if (/property name/i.test(jsError)) return `invalid character '${bad}' looking for beginning of object key string`;
  return `invalid character '${bad}' looking for beginning of value`;
}

/** Go's name for a JSON value's type in "cannot unmarshal X into ..." messages. */
export function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "boolean") return "bool";
  return typeof v; // string, number, object
}
