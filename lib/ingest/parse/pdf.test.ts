import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeImageOnlyPdf, makePdf, upload, uploadError } from "@/tests/ingest-fixtures/files";
import { parseUpload } from "./index";

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, "../../../tests/ingest-fixtures", name)));

describe("PDF uploads", () => {
  it("extracts the text page by page, separated by blank lines, titled by the document's metadata", async () => {
    const pdf = await makePdf([["Quarterly Report", "Revenue grew 12%."], ["Outlook", "Hiring continues."]], { title: "Q3 Report" });
    const result = await parseUpload(upload("q3-report.pdf", pdf, "application/pdf"));
    expect(result).toEqual({
      format: "pdf",
      documents: [
        {
          sourceId: "q3-report",
          title: "Q3 Report",
          content: "Quarterly Report\nRevenue grew 12%.\n\nOutlook\nHiring continues.",
          metadata: { fileName: "q3-report.pdf", pageCount: 2 },
        },
      ],
      errors: [],
    });
  });

  it("titles a PDF without a metadata title by its file name, and leaves the caller's bytes intact", async () => {
    const pdf = await makePdf([["Body"]]);
    const copy = pdf.slice();
    const result = await parseUpload(upload("Board Minutes.pdf", pdf));
    expect(result.documents[0]).toMatchObject({ sourceId: "board-minutes", title: "Board Minutes", content: "Body" });
    expect(pdf).toEqual(copy);
  });

  it("rejects a password-protected PDF (an /Encrypt dictionary whose password is unknown)", async () => {
    const error = await uploadError(parseUpload(upload("locked.pdf", await makePdf([["secret"]], { encrypt: true }))));
    expect(error).toMatchObject({ code: "encrypted", status: 422 });
    expect(error.message).toBe('"locked.pdf" is password-protected. Remove the password (save or print an unprotected copy) and upload it again.');
  });

  it("rejects a PDF encrypted with AES-256 by qpdf", async () => {
    expect(await uploadError(parseUpload(upload("salaries.pdf", fixture("password-aes256.pdf"))))).toMatchObject({ code: "encrypted" });
  });

  it("rejects a truncated PDF and a file that only claims to be one as corrupt", async () => {
    const pdf = await makePdf([["Some text"], ["More text"]]);
    const truncated = await uploadError(parseUpload(upload("cut.pdf", pdf.subarray(0, Math.floor(pdf.length / 2)))));
    expect(truncated).toMatchObject({ code: "corrupt", status: 422 });
    expect(truncated.message).toBe('"cut.pdf" cannot be read as a PDF: it is damaged or incomplete. Open it in a PDF viewer, save a new copy (or download it again) and upload that.');
    expect(await uploadError(parseUpload(upload("fake.pdf", "this is plain text, not a PDF")))).toMatchObject({ code: "corrupt" });
  });

  it("rejects a PDF without extractable text (scanned images), explaining that OCR is not supported", async () => {
    const error = await uploadError(parseUpload(upload("scan.pdf", await makeImageOnlyPdf())));
    expect(error).toMatchObject({ code: "empty", status: 422 });
    expect(error.message).toMatch(/^"scan\.pdf" has no text that can be extracted: its pages are probably scanned images, and text recognition \(OCR\) is not supported\. Run it through OCR/);
  });
});
