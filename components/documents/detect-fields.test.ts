import { describe, expect, it } from "vitest";
import { defaultMapping, detectFields } from "./detect-fields";

describe("detectFields", () => {
  it("lists the fields of a JSON array's objects, in order of first appearance", () => {
    const text = JSON.stringify([{ id: 1, body: "a" }, { id: 2, body: "b", author: "Kim" }, "not an object"]);
    expect(detectFields("json", text)).toEqual({ fields: ["id", "body", "author"] });
  });

  it("reads JSON Lines line by line, skipping lines that are not objects", () => {
    const text = '{"doc_id": "a", "text": "x"}\n\n{"doc_id": "b", "text": }\n{"doc_id": "c", "tags": []}\n';
    expect(detectFields("jsonl", text)).toEqual({ fields: ["doc_id", "text", "tags"] });
  });

  it("reads a CSV header with its delimiter, quotes, a BOM and Excel's sep= line", () => {
    expect(detectFields("csv", '\uFEFFid,"Title, short",content\n1,a,b\n')).toEqual({ fields: ["id", "Title, short", "content"] });
    expect(detectFields("csv", "id;titel;inhalt\r\n1;a;b")).toEqual({ fields: ["id", "titel", "inhalt"] });
    expect(detectFields("csv", "sep=|\nid|text\n")).toEqual({ fields: ["id", "text"] });
    expect(detectFields("csv", "id\tbody\t\n")).toEqual({ fields: ["id", "body", "column 3"] });
  });

  it("says when the fields cannot be read", () => {
    expect(detectFields("json", "[{")).toEqual({ problem: "This is not valid JSON." });
    expect(detectFields("json", "[]")).toEqual({ problem: "No document objects found." });
    expect(detectFields("jsonl", "nope\nnot json")).toEqual({ problem: "No line could be read as a JSON object." });
  });
});

describe("defaultMapping", () => {
  it("picks id, title, content and metadata by exact name, else by a unique case-insensitive match", () => {
    expect(defaultMapping(["ID", "Title", "content", "extra"])).toEqual({ id: "ID", title: "Title", content: "content", metadata: "" });
    expect(defaultMapping(["id", "Id", "body"])).toEqual({ id: "id", title: "", content: "", metadata: "" });
    expect(defaultMapping(["Id", "ID"]).id).toBe("");
  });
});
