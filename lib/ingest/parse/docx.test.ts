import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeDocx, upload, uploadError } from "@/tests/ingest-fixtures/files";
import { parseUpload } from "./index";

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, "../../../tests/ingest-fixtures", name)));

describe("Word (.docx) uploads", () => {
  it("extracts the text with the title and headings as # lines and list items as - lines, titled by its Title", async () => {
    const result = await parseUpload(upload("travel.docx", await makeDocx()));
    expect(result).toEqual({
      format: "docx",
      documents: [
        {
          sourceId: "travel",
          title: "Travel Policy",
          content: [
            "# Travel Policy",
            "# Booking",
            "Book trains for trips under four hours.",
            "- Economy class",
            "- Refundable fares",
            "## Expenses",
            "Submit receipts within 30 days.",
          ].join("\n\n"),
          metadata: { fileName: "travel.docx" },
        },
      ],
      errors: [],
    });
  });

  it("rejects a damaged file and a file that is not a Word document as corrupt", async () => {
    const docx = await makeDocx();
    const truncated = await uploadError(parseUpload(upload("cut.docx", docx.subarray(0, docx.length - 200))));
    expect(truncated).toMatchObject({ code: "corrupt", status: 422 });
    expect(truncated.message).toMatch(/^"cut\.docx" cannot be read as a Word document \(\.docx\): it is damaged or not really a \.docx\. Open it in Word, save a new copy/);
    expect(await uploadError(parseUpload(upload("notes.docx", "plain text")))).toMatchObject({ code: "corrupt" });
  });

  it("rejects a password-protected document made by Word's encryption", async () => {
    const error = await uploadError(parseUpload(upload("salaries.docx", fixture("password-protected.docx"))));
    expect(error).toMatchObject({ code: "encrypted", status: 422, message: expect.stringMatching(/^"salaries\.docx" is password-protected\. Open it in Word, remove the password/) });
  });

  it("explains that an old .doc renamed to .docx must be saved as .docx", async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await uploadError(parseUpload(upload("old.docx", ole)));
    expect(error).toMatchObject({ code: "unsupported_type", status: 415, message: expect.stringMatching(/old Word 97–2003 document, not \.docx\. .*save it as \.docx/) });
  });
});
