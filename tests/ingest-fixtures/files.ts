import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { PDFDocument, PDFHexString, StandardFonts } from "pdf-lib";
import { UploadError } from "@/lib/ingest/parse/upload-error";

// Real files for the ingestion parsers, generated in the test rather than committed wherever a library can make them.

export function upload(name: string, content: string | Uint8Array, type?: string): { name: string; bytes: Uint8Array; type?: string } {
  return { name, bytes: typeof content === "string" ? new TextEncoder().encode(content) : content, ...(type ? { type } : {}) };
}

/** A PDF with one page per entry, each page's lines drawn as real text. */
export async function makePdf(pages: string[][], options: { title?: string; encrypt?: boolean } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([400, 300]);
    lines.forEach((line, i) => page.drawText(line, { x: 30, y: 260 - i * 20, size: 12, font }));
  }
  if (options.encrypt) {
    // A standard security handler whose check value matches no password, so readers must ask for one.
    const check = PDFHexString.of("5a".repeat(32));
    pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: "Standard", V: 1, R: 2, Length: 40, P: -44, O: check, U: check }));
    const id = PDFHexString.of("0123456789abcdef0123456789abcdef");
    pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);
  }
  return pdf.save({ useObjectStreams: false });
}

/** A PDF whose only page holds a drawn rectangle and no text, as a scanned page would. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([400, 300]).drawRectangle({ x: 20, y: 20, width: 200, height: 100 });
  return pdf.save();
}

/** A Word document with a Title, a Heading 1, a Heading 2, a bulleted list and body paragraphs. */
export async function makeDocx(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Travel Policy", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "Booking", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun("Book trains for trips under "), new TextRun({ text: "four hours", bold: true }), new TextRun(".")] }),
          new Paragraph({ text: "Economy class", bullet: { level: 0 } }),
          new Paragraph({ text: "Refundable fares", bullet: { level: 0 } }),
          new Paragraph({ text: "Expenses", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Submit receipts within 30 days.", alignment: AlignmentType.LEFT }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** The UploadError a parse rejects with; fails the test if it resolves or throws anything else. */
export async function uploadError(parsing: Promise<unknown>): Promise<UploadError> {
  try {
    await parsing;
  } catch (error) {
    if (error instanceof UploadError) return error;
    throw error;
  }
  throw new Error("expected the upload to be rejected with an UploadError, but it was accepted");
}
