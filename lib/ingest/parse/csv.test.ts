import { describe, expect, it } from "vitest";
import { upload, uploadError } from "@/tests/ingest-fixtures/files";
import { parseUpload } from "./index";

describe("CSV uploads", () => {
  it("reads quoted values with delimiters, quotes and line breaks, and keeps the other columns as metadata", async () => {
    const csv = [
      "id,title,content,author,year",
      '1,"Leave, annual","Staff get ""25"" days.\r\nAsk your manager.",Kim,2024',
      '2,Travel,"Trains first.",,2023',
      "",
      "3,Expenses,Keep receipts.,Lee,",
    ].join("\r\n");
    const result = await parseUpload(upload("policies.csv", csv));
    expect(result).toEqual({
      format: "csv",
      documents: [
        { sourceId: "1", title: "Leave, annual", content: 'Staff get "25" days.\nAsk your manager.', metadata: { author: "Kim", year: "2024" } },
        { sourceId: "2", title: "Travel", content: "Trains first.", metadata: { year: "2023" } },
        { sourceId: "3", title: "Expenses", content: "Keep receipts.", metadata: { author: "Lee" } },
      ],
      errors: [],
      fields: ["id", "title", "content", "author", "year"],
    });
  });

  it("detects semicolons, strips a byte-order mark and reports rows with the line they start on", async () => {
    const csv = '\uFEFFid;title;content\nA-1;First;"one\ntwo\nthree"\nA-2;Second;   \nA-3;Third;"x; y"\n';
    const result = await parseUpload(upload("export.csv", csv));
    expect(result.fields).toEqual(["id", "title", "content"]);
    expect(result.documents).toEqual([
      { sourceId: "A-1", title: "First", content: "one\ntwo\nthree", metadata: {} },
      { sourceId: "A-3", title: "Third", content: "x; y", metadata: {} },
    ]);
    expect(result.errors).toEqual([{ row: 2, line: 5, sourceId: "A-2", field: "content", message: expect.stringMatching(/empty or only whitespace/) }]);
  });

  it("detects tabs, honours Excel's sep= line and takes a delimiter that is given", async () => {
    expect((await parseUpload(upload("a.tsv", "id\tcontent\n1\thello, world\n"))).documents[0]?.content).toBe("hello, world");
    const excel = await parseUpload(upload("a.csv", "sep=;\nid;content\n1;a,b\n2;\n"));
    expect(excel.documents).toEqual([{ sourceId: "1", title: "1", content: "a,b", metadata: {} }]);
    expect(excel.errors).toEqual([expect.objectContaining({ row: 2, line: 4, field: "content" })]);
    const given = await parseUpload(upload("a.csv", "id|content\n1|a;b,c\n"), { csvDelimiter: "|" });
    expect(given.documents).toEqual([{ sourceId: "1", title: "1", content: "a;b,c", metadata: {} }]);
  });

  it("maps columns by name, case-insensitively by default, and reads a mapped metadata column as JSON", async () => {
    const csv = 'ID,Body,Doc Title,Meta,ignored\n7,Text,T,"{""tags"": [""a""]}",z\n8,More,U,not json,z\n9,Again,V,"[1]",z\n';
    const result = await parseUpload(upload("a.csv", csv), { mapping: { content: "Body", title: "Doc Title", metadata: "Meta" } });
    expect(result.documents).toEqual([{ sourceId: "7", title: "T", content: "Text", metadata: { tags: ["a"] } }]);
    expect(result.errors).toEqual([
      { row: 2, line: 3, sourceId: "8", field: "Meta", message: expect.stringMatching(/"Meta" must hold a JSON object .* not valid JSON/) },
      { row: 3, line: 4, sourceId: "9", field: "Meta", message: expect.stringMatching(/"Meta" must be a JSON object .* not an array/) },
    ]);
  });

  it("names a missing column and lists the available ones", async () => {
    const error = await uploadError(parseUpload(upload("people.csv", "id,name,body\n1,a,b\n")));
    expect(error).toMatchObject({ code: "malformed", status: 422, details: { fields: ["id", "name", "body"] } });
    expect(error.message).toBe(
      '"people.csv" has no "content" column. Columns found: "id", "name", "body". Choose the column that holds the content in the mapping, or rename it to "content".',
    );
    const mapped = await uploadError(parseUpload(upload("people.csv", "id,name,body\n1,a,b\n"), { mapping: { content: "body", id: "key" } }));
    expect(mapped.message).toMatch(/has no "key" column\. Columns found: "id", "name", "body"\. Choose the column that holds the document id/);
  });

  it("reports a row with the wrong number of values and keeps the rest", async () => {
    const result = await parseUpload(upload("a.csv", "id,content\n1,fine\n2,one,two\n3,ok\n"));
    expect(result.documents.map((doc) => doc.sourceId)).toEqual(["1", "3"]);
    expect(result.errors).toEqual([{ row: 2, line: 3, message: "This row has 3 values but the header has 2 columns. Check for a comma inside a value that is not in double quotes." }]);
  });

  it("rejects an unclosed quote, with its line", async () => {
    const error = await uploadError(parseUpload(upload("a.csv", 'id,content\n1,"ok\nstill ok"\n2,"never closed\n3,x\n')));
    expect(error).toMatchObject({ code: "malformed", details: { line: 4 } });
    expect(error.message).toMatch(/^"a\.csv" is not valid CSV: the row starting on line 4 opens a double quote that is never closed/);
  });

  it("rejects a repeated column name, a header without rows and an empty file", async () => {
    expect((await uploadError(parseUpload(upload("a.csv", "id,content,id\n1,x,2\n")))).message).toMatch(/two columns named "id"/);
    expect(await uploadError(parseUpload(upload("a.csv", "id,content\n")))).toMatchObject({ code: "empty", message: expect.stringMatching(/header row but no data rows/) });
    expect(await uploadError(parseUpload(upload("a.csv", "\uFEFF\n\n")))).toMatchObject({ code: "empty" });
  });

  it("refuses Windows-1252 bytes, naming the first bad byte and its line", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("id,content\n1,ok\n2,caf"), 0xe9, ...new TextEncoder().encode("\n")]);
    const error = await uploadError(parseUpload(upload("legacy.csv", bytes)));
    expect(error).toMatchObject({ code: "not_utf8", status: 422 });
    expect(error.message).toBe(
      '"legacy.csv" is not UTF-8 text (byte 0xE9 on line 3, which is "é" in Windows-1252; the file looks like Windows-1252 or Latin-1). Save it as UTF-8 (in Excel: "CSV UTF-8"; in Notepad or TextEdit: encoding "UTF-8") and upload it again.',
    );
  });

  it("rejects duplicate ids", async () => {
    const error = await uploadError(parseUpload(upload("a.csv", "id,content\nx,1\ny,2\nx,3\n")));
    expect(error).toMatchObject({ code: "duplicate_ids", details: { ids: ["x"] }, message: expect.stringMatching(/uses an id more than once: "x"/) });
  });
});
