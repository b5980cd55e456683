// PDF.js ships no typings for its worker module; only its presence matters here (see pdf.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
