import { describe, expect, it } from "vitest";
import { findDuplicateIds, formatIdList, formatRowError, type InputDocument, MAX_SOURCE_ID_LENGTH, type RowError, validateDocument } from "./validate";

function rejected(result: InputDocument | RowError): RowError {
  if (!("message" in result)) throw new Error(`expected a RowError, got document ${JSON.stringify(result)}`);
  return result;
}

function accepted(result: InputDocument | RowError): InputDocument {
  if ("message" in result) throw new Error(`expected a document, got error: ${result.message}`);
  return result;
}

describe("validateDocument", () => {
  it("normalises a valid candidate: trimmed id, title defaulting to the id, NFC content with LF line endings", () => {
    const document = accepted(validateDocument({ sourceId: "  kb-1 \n", content: "Cafe\u0301\r\nline two\rthree" }, { row: 1 }));
    expect(document).toEqual({ sourceId: "kb-1", title: "kb-1", content: "Café\nline two\nthree", metadata: {} });
  });

  it("stringifies integer ids from SQL-ish exports and refuses other numbers and types", () => {
    expect(accepted(validateDocument({ sourceId: 42, content: "x" }, {})).sourceId).toBe("42");
    expect(rejected(validateDocument({ sourceId: 1.5, content: "x" }, { row: 2 }))).toMatchObject({
      row: 2,
      field: "sourceId",
      message: expect.stringMatching(/must be text or a whole number, not a decimal number \(1\.5\)/),
    });
    expect(rejected(validateDocument({ sourceId: true, content: "x" }, {})).message).toMatch(/not a boolean \(true\)/);
    expect(rejected(validateDocument({ sourceId: 2 ** 60, content: "x" }, {})).field).toBe("sourceId");
  });

  it("refuses ids that are missing, blank, too long or contain control characters", () => {
    expect(rejected(validateDocument({ content: "x" }, { line: 4 }))).toMatchObject({ line: 4, field: "sourceId", message: expect.stringMatching(/is missing/) });
    expect(rejected(validateDocument({ sourceId: "   ", content: "x" }, {})).message).toMatch(/is blank/);

    const long = "a".repeat(MAX_SOURCE_ID_LENGTH + 1);
    expect(rejected(validateDocument({ sourceId: long, content: "x" }, {})).message).toMatch(/is 513 characters long; the limit is 512\. Use a shorter key/);
    // 512 characters that are 4 bytes each in UTF-8 still fit: the limit counts characters, as the database does.
    expect(accepted(validateDocument({ sourceId: "😀".repeat(512), content: "x" }, {})).sourceId).toHaveLength(1024);

    const control = rejected(validateDocument({ sourceId: "ab\tc", content: "x" }, { row: 7 }));
    expect(control).toMatchObject({ row: 7, field: "sourceId" });
    expect(control.message).toMatch(/control character \(U\+0009 at position 3\)/);
    expect(rejected(validateDocument({ sourceId: "a\u0085b", content: "x" }, {})).message).toMatch(/U\+0085/);
  });

  it("names the field as the source calls it", () => {
    const error = rejected(validateDocument({ sourceId: "1", content: "  " }, { row: 3, fieldNames: { sourceId: "doc_id", content: "body" } }));
    expect(error).toEqual({ row: 3, sourceId: "1", field: "body", message: expect.stringMatching(/^"body" is empty or only whitespace/) });
  });

  it("refuses whitespace-only, missing and non-text content", () => {
    expect(rejected(validateDocument({ sourceId: "1", content: " \n\t\r\n " }, {})).message).toMatch(/empty or only whitespace, so there is nothing to index/);
    expect(rejected(validateDocument({ sourceId: "1" }, {})).message).toMatch(/"content" is missing/);
    expect(rejected(validateDocument({ sourceId: "1", content: { text: "x" } }, {})).message).toMatch(/must be text, not an object/);
  });

  it("removes NUL characters, which PostgreSQL text cannot hold", () => {
    expect(accepted(validateDocument({ sourceId: "1", content: "a\u0000b" }, {})).content).toBe("ab");
  });

  it("puts titles on one line and refuses titles over 1000 characters or of the wrong type", () => {
    expect(accepted(validateDocument({ sourceId: "1", title: " Annual\r\n report\t2024 ", content: "x" }, {})).title).toBe("Annual report 2024");
    expect(accepted(validateDocument({ sourceId: "1", title: "  ", content: "x" }, {})).title).toBe("1");
    expect(rejected(validateDocument({ sourceId: "1", title: "t".repeat(1001), content: "x" }, {})).message).toMatch(/1001 characters long; the limit is 1000/);
    expect(rejected(validateDocument({ sourceId: "1", title: 7, content: "x" }, {})).field).toBe("title");
  });

  it("accepts metadata only as a plain JSON object within 64 KB", () => {
    expect(accepted(validateDocument({ sourceId: "1", content: "x", metadata: { tags: ["a"], n: 1, nested: { ok: null } } }, {})).metadata).toEqual({
      tags: ["a"],
      n: 1,
      nested: { ok: null },
    });
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: ["a", "b"] }, { row: 9 }))).toMatchObject({
      row: 9,
      sourceId: "1",
      field: "metadata",
      message: expect.stringMatching(/must be a JSON object such as \{"author": "Kim"\}, not an array/),
    });
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: null }, {})).message).toMatch(/not null/);
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: "{}" }, {})).message).toMatch(/not text/);
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: { when: new Date(0) } }, {})).message).toMatch(/"metadata\.when" is a date object, which is not a JSON value/);
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: { n: Number.NaN } }, {})).message).toMatch(/"metadata\.n" is NaN/);
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: { big: "x".repeat(70_000) } }, {})).message).toMatch(/is 68\.4 KB as JSON; the limit is 64 KB/);
    expect(rejected(validateDocument({ sourceId: "1", content: "x", metadata: { a: "b\u0000" } }, {})).message).toMatch(/NUL character/);
  });

  it("refuses a candidate that is not an object", () => {
    expect(rejected(validateDocument("text", { row: 1 })).message).toMatch(/Expected a document .* but got text \("text"\)/);
    expect(rejected(validateDocument(null, {})).message).toMatch(/got null/);
  });
});

describe("findDuplicateIds", () => {
  const doc = (sourceId: string): InputDocument => ({ sourceId, title: sourceId, content: "x", metadata: {} });

  it("lists each repeated id once, in order of first repetition, and nothing for unique ids", () => {
    expect(findDuplicateIds(["a", "b", "a", "c", "b", "a", "A"].map(doc))).toEqual(["a", "b"]);
    expect(findDuplicateIds(["a", "b"].map(doc))).toEqual([]);
  });

  it("is shown as at most twenty ids and a count of the rest", () => {
    const ids = Array.from({ length: 23 }, (_, i) => `id-${i}`);
    expect(formatIdList(ids)).toBe(`${ids.slice(0, 20).map((id) => `"${id}"`).join(", ")} and 3 more`);
    expect(formatIdList(["x"])).toBe('"x"');
  });
});

describe("formatRowError", () => {
  it("puts the location first", () => {
    expect(formatRowError({ row: 3, line: 7, sourceId: "a-1", message: "Bad." })).toBe('Row 3 (line 7), id "a-1": Bad.');
    expect(formatRowError({ line: 4, column: 9, message: "Bad." })).toBe("Line 4, column 9: Bad.");
    expect(formatRowError({ message: "Bad." })).toBe("Bad.");
  });
});
