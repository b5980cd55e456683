// The high-water mark of an incremental sync: the largest value of the "updated" column seen so far. It keeps its
// type (a timestamp, an integer, a decimal number or text) so it compares like the column does and can be bound
// back as a query parameter of the right kind.

export type Watermark =
  | { type: "date"; value: string }
  | { type: "integer"; value: string }
  | { type: "number"; value: number }
  | { type: "text"; value: string };

const INTEGER = /^-?\d+$/;

/** The watermark of one column value; undefined for NULL and for values that cannot be compared (binary, JSON). */
export function toWatermark(value: unknown): Watermark | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { type: "date", value: value.toISOString() };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    return Number.isSafeInteger(value) ? { type: "integer", value: String(value) } : { type: "number", value };
  }
  // Drivers hand over 64-bit integers as text to keep their precision.
  if (typeof value === "string") return INTEGER.test(value) ? { type: "integer", value } : { type: "text", value };
  return undefined;
}

/** The larger of two watermarks (either may be missing). */
export function laterWatermark(a: Watermark | undefined, b: Watermark | undefined): Watermark | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareWatermarks(b, a) > 0 ? b : a;
}

export function compareWatermarks(a: Watermark, b: Watermark): number {
  if (a.type === "integer" && b.type === "integer") return Math.sign(Number(BigInt(a.value) - BigInt(b.value)));
  if (isNumeric(a) && isNumeric(b)) return Math.sign(Number(a.value) - Number(b.value));
  if (a.type === "date" && b.type === "date") return Math.sign(Date.parse(a.value) - Date.parse(b.value));
  // ISO dates and most version strings sort correctly as text.
  const left = String(a.value);
  const right = String(b.value);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The text stored in sync_states. */
export function serializeWatermark(watermark: Watermark): string {
  return JSON.stringify(watermark);
}

/** A stored watermark, or undefined when there is none or it is unreadable (the next run is then a full one). */
export function parseWatermark(text: string | null | undefined): Watermark | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Watermark>;
    switch (parsed.type) {
      case "date":
        return typeof parsed.value === "string" && !Number.isNaN(Date.parse(parsed.value)) ? { type: "date", value: parsed.value } : undefined;
      case "integer":
        return typeof parsed.value === "string" && INTEGER.test(parsed.value) ? { type: "integer", value: parsed.value } : undefined;
      case "number":
        return typeof parsed.value === "number" && Number.isFinite(parsed.value) ? { type: "number", value: parsed.value } : undefined;
      case "text":
        return typeof parsed.value === "string" ? { type: "text", value: parsed.value } : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function isNumeric(watermark: Watermark): boolean {
  return watermark.type === "integer" || watermark.type === "number";
}
