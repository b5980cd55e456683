import { describe, expect, it } from "vitest";
import { rowToDocument, type ColumnMapping } from "./row-document";

const mapping: ColumnMapping = { id: "id", title: "title", content: "body", metadata: ["updated", "big", "tags"] };

describe("rows to documents", () => {
  it("stringifies ids and makes metadata JSON-safe", () => {
    const { sourceId, result } = rowToDocument({ id: 42n, title: "T", body: "Text", updated: new Date("2024-01-02T03:04:05Z"), big: 9007199254740993n, tags: { a: [1] } }, mapping, 1);
    expect(sourceId).toBe("42");
    expect(result).toEqual({ sourceId: "42", title: "T", content: "Text", metadata: { updated: "2024-01-02T03:04:05.000Z", big: "9007199254740993", tags: { a: [1] } } });
    expect(rowToDocument({ id: 7, title: null, body: 12.5, updated: null, big: null, tags: null }, mapping, 2).result).toMatchObject({ sourceId: "7", title: "7", content: "12.5" });
  });

  it("refuses binary values and reports the row, id and column", () => {
    const { sourceId, result } = rowToDocument({ id: "a", title: "T", body: "x", updated: null, big: null, tags: Buffer.from([0, 1, 2]) }, mapping, 3);
    expect(sourceId).toBe("a");
    expect(result).toMatchObject({ row: 3, sourceId: "a", field: "tags" });
    expect("message" in result && result.message).toMatch(/binary data \(3 bytes\)/);
  });

  it("names the source's columns in validation errors", () => {
    const { sourceId, result } = rowToDocument({ id: " b ", title: "T", body: null, updated: null, big: null, tags: null }, mapping, 4);
    expect(sourceId).toBe("b");
    expect(result).toMatchObject({ row: 4, sourceId: "b", field: "body" });
    expect(rowToDocument({ id: "x".repeat(513), title: null, body: "y", updated: null, big: null, tags: null }, mapping, 5).result).toMatchObject({ row: 5, field: "id" });
  });
});
