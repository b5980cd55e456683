import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { resolveColumns } from "./sync-columns";
import { subquery } from "./subquery";

const columns = ["id", "title", "content", "updated_at", "dept"];

describe("sync columns", () => {
  it("defaults to id, title and content, with every other column as metadata", () => {
    expect(resolveColumns(columns, {})).toEqual({ mapping: { id: "id", title: "title", content: "content", metadata: ["updated_at", "dept"] }, updated: undefined });
    expect(resolveColumns(["key", "body"], { id: "key", content: "body", metadata: [] }).mapping).toEqual({ id: "key", title: undefined, content: "body", metadata: [] });
  });

  it("refuses a column the query does not return, so no name reaches SQL unchecked", () => {
    for (const updated of ['updated_at" > now(); drop table documents; --', "updated_at`; DROP TABLE x; --", "UPDATED_AT"]) {
      expect(() => resolveColumns(columns, { updated })).toThrow(AppError);
      expect(() => resolveColumns(columns, { updated })).toThrow(/is not among the query's columns: "id", "title"/);
    }
    expect(() => resolveColumns(columns, { metadata: ["dept", "secret"] })).toThrow(/metadata column "secret"/);
  });

  it("refuses a query that returns a column twice", () => {
    expect(() => resolveColumns(["id", "content", "id"], {})).toThrow(/"id" more than once/);
  });

  it("wraps a query, dropping trailing semicolons", () => {
    expect(subquery("select 1 as id;  \n")).toBe("(\nselect 1 as id\n) as src");
    expect(() => subquery(" ; ")).toThrow(/empty/);
  });
});
