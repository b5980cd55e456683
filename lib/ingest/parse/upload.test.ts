import { describe, expect, it } from "vitest";
import { upload, uploadError } from "@/tests/ingest-fixtures/files";
import { detectFormat, parseUpload, stableSourceId, UploadError } from "./index";

describe("detectFormat", () => {
  it("goes by the extension, case-insensitively", () => {
    const cases: [string, string][] = [
      ["a.json", "json"], ["a.JSONL", "jsonl"], ["a.ndjson", "jsonl"], ["a.csv", "csv"], ["a.tsv", "csv"], ["a.md", "markdown"],
      ["a.markdown", "markdown"], ["a.txt", "text"], ["a.html", "html"], ["a.HTM", "html"], ["a.pdf", "pdf"], ["a.docx", "docx"],
    ];
    for (const [name, format] of cases) expect(detectFormat(name), name).toBe(format);
  });

  it("falls back to a real MIME type, then to the first bytes, and gives up on anything else", () => {
    expect(detectFormat("export", "text/csv; charset=utf-8")).toBe("csv");
    expect(detectFormat("export", "application/octet-stream", new TextEncoder().encode("%PDF-1.7\n"))).toBe("pdf");
    expect(detectFormat("page", undefined, new TextEncoder().encode("\uFEFF  <!DOCTYPE html><p>x"))).toBe("html");
    expect(detectFormat("data.xlsx", "application/octet-stream", new TextEncoder().encode("PK\u0003\u0004"))).toBeUndefined();
    expect(detectFormat("noextension")).toBeUndefined();
  });
});

describe("stableSourceId", () => {
  it("makes the same readable id from the same name", () => {
    expect(stableSourceId("HR Handbook (2024).pdf")).toBe("hr-handbook-2024");
    expect(stableSourceId("HR Handbook (2024).pdf")).toBe(stableSourceId("HR Handbook (2024).pdf"));
    expect(stableSourceId("/uploads/Café Menü_v2.final.docx")).toBe("cafe-menu-v2-final");
    expect(stableSourceId("C:\\Users\\kim\\Q3  Report.md")).toBe("q3-report");
    expect(stableSourceId("日本語の資料.txt")).toBe("日本語の資料");
    expect(stableSourceId("(((.pdf")).toBe("document");
    expect(stableSourceId(`${"a ".repeat(300)}.txt`).length).toBeLessThanOrEqual(200);
  });
});

describe("parseUpload", () => {
  it("rejects a file over the limit with status 413, naming the limit in MB", async () => {
    const error = await uploadError(parseUpload(upload("big.txt", new Uint8Array(1_572_864).fill(0x61)), { maxBytes: 1024 * 1024 }));
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ code: "too_large", status: 413 });
    expect(error.message).toBe('"big.txt" is 1.5 MB; the limit is 1 MB. Split it into smaller files and upload those.');
  });

  it("allows 50 MB by default", async () => {
    const justOver = new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61);
    expect((await uploadError(parseUpload(upload("big.txt", justOver)))).message).toMatch(/is 50\.1 MB; the limit is 50 MB\./);
  });

  it("rejects an unsupported type with status 415, listing the supported ones and how to convert common ones", async () => {
    const error = await uploadError(parseUpload(upload("budget.xlsx", new Uint8Array([0x50, 0x4b, 3, 4]))));
    expect(error).toMatchObject({ code: "unsupported_type", status: 415 });
    expect(error.message).toBe(
      '"budget.xlsx" cannot be uploaded: .xlsx files are not supported. Supported: .json, .jsonl, .csv, .tsv, .md, .txt, .html, .pdf, .docx. Export the sheet as CSV (UTF-8).',
    );
    expect((await uploadError(parseUpload(upload("README", "text")))).message).toMatch(/Files without an extension are not supported/);
  });

  it("rejects an empty file", async () => {
    for (const name of ["a.json", "a.csv", "a.md", "a.pdf", "a.docx"]) {
      expect(await uploadError(parseUpload(upload(name, new Uint8Array()))), name).toMatchObject({
        code: "empty",
        status: 422,
        message: `"${name}" is empty (0 bytes). Check that you chose the right file.`,
      });
    }
  });
});
