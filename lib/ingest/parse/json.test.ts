import { describe, expect, it } from "vitest";
import { upload, uploadError } from "@/tests/ingest-fixtures/files";
import { parseUpload } from "./index";

describe("JSON uploads", () => {
  it("turns an array of objects into documents, with integer ids stringified and the fields listed", async () => {
    const json = JSON.stringify([
      { id: "hr-1", title: "Leave", content: "Staff get 25 days.", metadata: { team: "hr" } },
      { id: 2, content: "No title here." },
    ]);
    const result = await parseUpload(upload("docs.json", json));
    expect(result).toEqual({
      format: "json",
      documents: [
        { sourceId: "hr-1", title: "Leave", content: "Staff get 25 days.", metadata: { team: "hr" } },
        { sourceId: "2", title: "2", content: "No title here.", metadata: {} },
      ],
      errors: [],
      fields: ["id", "title", "content", "metadata"],
    });
  });

  it("reads the fields the mapping names", async () => {
    const json = JSON.stringify([{ doc_id: "a", heading: "A", body: "Text", extra: { x: 1 } }]);
    const result = await parseUpload(upload("docs.json", json), { mapping: { id: "doc_id", title: "heading", content: "body", metadata: "extra" } });
    expect(result.documents).toEqual([{ sourceId: "a", title: "A", content: "Text", metadata: { x: 1 } }]);
  });

  it("rejects malformed JSON with the line and column of the error", async () => {
    const json = ['[', '  {"id": "a", "content": "x"},', '{"id" "b", "content": "y"}', "]"].join("\n");
    const error = await uploadError(parseUpload(upload("docs.json", json)));
    expect(error).toMatchObject({ code: "malformed", status: 422, details: { line: 3, column: 7 } });
    expect(error.message).toBe('"docs.json" is not valid JSON: line 3, column 7: expected a colon (:) after the property name. Fix it and upload again.');
  });

  it("counts lines and columns after a byte-order mark and Windows line endings as an editor shows them", async () => {
    const json = "\uFEFF[\r\n  {\"id\": \"a\", \"content\": tru}\r\n]";
    const error = await uploadError(parseUpload(upload("docs.json", json)));
    expect(error.details).toEqual({ line: 2, column: 26 });
    expect(error.message).toMatch(/true, false and null are lower-case/);
  });

  it("explains a trailing comma", async () => {
    const error = await uploadError(parseUpload(upload("docs.json", '[{"id": "a", "content": "x"},\n]')));
    expect(error.details).toEqual({ line: 2, column: 1 });
    expect(error.message).toMatch(/a trailing comma before a closing bracket or brace is not allowed/);
  });

  it("returns rows that lack an id or content, or have bad values, as row errors and keeps the others", async () => {
    const json = JSON.stringify([
      { id: "ok-1", content: "fine" },
      { title: "no id", content: "x" },
      { id: "no-content" },
      { id: 1.5, content: "x" },
      { id: "meta", content: "x", metadata: ["not", "an", "object"] },
      "just a string",
      { id: "ok-2", content: "also fine" },
    ]);
    const result = await parseUpload(upload("docs.json", json));
    expect(result.documents.map((doc) => doc.sourceId)).toEqual(["ok-1", "ok-2"]);
    expect(result.errors).toEqual([
      { row: 2, field: "id", message: expect.stringMatching(/^"id" is missing/) },
      { row: 3, sourceId: "no-content", field: "content", message: expect.stringMatching(/^"content" is missing/) },
      { row: 4, field: "id", message: expect.stringMatching(/not a decimal number \(1\.5\)/) },
      { row: 5, sourceId: "meta", field: "metadata", message: expect.stringMatching(/must be a JSON object .* not an array/) },
      { row: 6, message: expect.stringMatching(/Expected a document object .* but found text \("just a string"\)/) },
    ]);
  });

  it("rejects the whole file when an id occurs twice, listing the ids", async () => {
    const json = JSON.stringify([
      { id: "a", content: "1" },
      { id: "b", content: "2" },
      { id: "a", content: "3" },
      { id: 7, content: "4" },
      { id: "7", content: "5" },
    ]);
    const error = await uploadError(parseUpload(upload("docs.json", json)));
    expect(error).toMatchObject({ code: "duplicate_ids", status: 422, details: { ids: ["a", "7"] } });
    expect(error.message).toBe('"docs.json" uses 2 ids more than once: "a", "7". Each document needs its own id; fix the duplicates and upload again. Nothing was ingested.');
  });

  it("shows at most twenty duplicate ids and counts the rest", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, content: "x" }));
    const error = await uploadError(parseUpload(upload("docs.json", JSON.stringify([...rows, ...rows]))));
    expect(error.details.ids).toHaveLength(25);
    expect(error.message).toMatch(/"d19" and 5 more\./);
  });

  it("names a missing id or content field and lists the fields it found", async () => {
    const error = await uploadError(parseUpload(upload("docs.json", JSON.stringify([{ key: "a", body: "x" }]))));
    expect(error).toMatchObject({ code: "malformed", details: { fields: ["key", "body"] } });
    expect(error.message).toBe(
      '"docs.json" has no "id" field in any record. Fields found: "key", "body". Choose the field that holds the document id in the mapping, or rename it to "id".',
    );
    const mapped = await uploadError(parseUpload(upload("docs.json", JSON.stringify([{ id: "a", content: "x" }])), { mapping: { title: "headline" } }));
    expect(mapped.message).toMatch(/has no "headline" field in any record/);
  });

  it("refuses an object, an empty array and an empty file", async () => {
    expect((await uploadError(parseUpload(upload("docs.json", '{"id": "a", "content": "x"}')))).message).toMatch(
      /holds an object, not an array of documents\. Write the documents as \[/,
    );
    expect(await uploadError(parseUpload(upload("docs.json", " [ ] ")))).toMatchObject({ code: "empty", message: expect.stringMatching(/empty array/) });
    expect(await uploadError(parseUpload(upload("docs.json", " \n ")))).toMatchObject({ code: "empty" });
  });
});

// A malformed line in JSON Lines is a row error for that line and the other lines are kept, because each line stands
// alone: one bad export row should not block the rest. Only a file with no valid line at all is rejected whole.
describe("JSON Lines uploads", () => {
  it("keeps the good lines and reports each bad line with its line and column", async () => {
    const jsonl = [
      '{"id": "a", "content": "first"}',
      "",
      '{"id": "b", "content": "second",}',
      '{"id": "c", "content": "third"}',
      "[1, 2]",
      '{"id": "d", "content": ""}',
    ].join("\r\n");
    const result = await parseUpload(upload("export.jsonl", jsonl));
    expect(result.format).toBe("jsonl");
    expect(result.documents.map((doc) => doc.sourceId)).toEqual(["a", "c"]);
    expect(result.errors).toEqual([
      { line: 3, column: 33, message: expect.stringMatching(/^Not valid JSON: expected a property name in double quotes\.$/) },
      { line: 5, message: expect.stringMatching(/found an array/) },
      { line: 6, sourceId: "d", field: "content", message: expect.stringMatching(/empty or only whitespace/) },
    ]);
    expect(result.fields).toEqual(["id", "content"]);
  });

  it("rejects a file in which no line is a document", async () => {
    const error = await uploadError(parseUpload(upload("export.ndjson", "\nid,content\n1,hello\n")));
    expect(error).toMatchObject({ code: "malformed", details: { line: 2, column: 1 } });
    expect(error.message).toMatch(/^"export\.ndjson" is not JSON Lines: line 2, column 1: Not valid JSON: .* Write one document object per line\.$/);
  });

  it("recognises a pretty-printed JSON array, even though some of its lines are objects", async () => {
    const error = await uploadError(parseUpload(upload("export.jsonl", '[\n  {"id": "a", "content": "x"},\n  {"id": "b", "content": "y"}\n]')));
    expect(error).toMatchObject({ code: "malformed", message: expect.stringMatching(/holds a JSON array, not JSON Lines .* Name the file \.json/) });
  });

  it("rejects duplicate ids across lines", async () => {
    const jsonl = '{"id": 1, "content": "x"}\n{"id": 1, "content": "y"}\n';
    expect(await uploadError(parseUpload(upload("a.jsonl", jsonl)))).toMatchObject({ code: "duplicate_ids", details: { ids: ["1"] } });
  });
});
