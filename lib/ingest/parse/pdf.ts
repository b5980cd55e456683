import "server-only";
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { baseName } from "./stable-source-id";
import { UploadError } from "./upload-error";

// PDF.js's legacy build runs on Node 20. Its "worker" runs in this thread (there is no DOM Worker here): handing it
// the worker module directly spares a dynamic import of a file path, which bundlers cannot follow.
type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const globals = globalThis as { pdfjsWorker?: unknown };
    globals.pdfjsWorker ??= await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjs;
}

/** The text of a PDF, page by page with blank lines between pages, its metadata title and its page count. */
export async function extractPdfText(bytes: Uint8Array, fileName: string): Promise<{ title?: string; text: string; pageCount: number }> {
  const name = JSON.stringify(baseName(fileName));
  const { getDocument } = await loadPdfJs();
  let pdf: PDFDocumentProxy;
  try {
    pdf = await getDocument({
      // PDF.js takes ownership of (detaches) the buffer it is given; the caller's bytes stay usable.
      data: bytes.slice(),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw openError(error, name);
  }
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      }
      page.cleanup();
      const tidy = text.split("\n").map((line) => line.replace(/[ \t]+/g, " ").trim()).join("\n").replace(/\n{3,}/g, "\n\n").trim();
      if (tidy) pages.push(tidy);
    }
    if (pages.length === 0) {
      throw new UploadError(
        "empty",
        `${name} has no text that can be extracted: its pages are probably scanned images, and text recognition (OCR) is not supported. Run it through OCR (many scanners and PDF tools call it "make searchable") and upload the result.`,
      );
    }
    const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === "string" ? info.Title.replace(/\s+/g, " ").trim() : "";
    return { ...(title ? { title } : {}), text: pages.join("\n\n"), pageCount: pdf.numPages };
  } catch (error) {
    if (error instanceof UploadError) throw error;
    throw openError(error, name);
  } finally {
    await pdf.destroy();
  }
}

function openError(error: unknown, name: string): UploadError {
  // Errors cross PDF.js's worker boundary as copies, so they are recognised by name rather than by class.
  const errorName = error instanceof Error ? error.name : "";
  if (errorName === "PasswordException") {
    return new UploadError("encrypted", `${name} is password-protected. Remove the password (save or print an unprotected copy) and upload it again.`);
  }
  return new UploadError(
    "corrupt",
    `${name} cannot be read as a PDF: it is damaged or incomplete. Open it in a PDF viewer, save a new copy (or download it again) and upload that.`,
  );
}
