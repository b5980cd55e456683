import "server-only";
import { ApiProblem } from "@/lib/api/problem";
import { readBodyAtMost } from "@/lib/api/request-body";
import { AppError } from "@/lib/errors";
import type { UploadFile } from "@/lib/ingest/upload";
import { uploadManifestSchema } from "../../../schema";

const MEGABYTE = 1024 * 1024;

/**
 * The files of an upload form with each one's mapping or id. The size is checked against Content-Length before
 * anything is read, and counted while reading, so a missing or false length cannot get past it.
 */
export async function readUploadForm(request: Request, maxBytes: number): Promise<UploadFile[]> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new ApiProblem("unsupported_media_type", "Send the files as multipart/form-data, as the upload form on the documents page does.");
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readBodyAtMost(request, maxBytes, tooLarge);
  // A proxy in front (or Next's own, which buffers bodies for proxy.ts) may pass on only the first part of a large body.
  if (bytes.byteLength < declared) {
    throw new AppError("payload_too_large", `The upload was cut off after ${megabytes(bytes.byteLength)} MB by a request size limit on the server. Upload fewer or smaller files at a time, or ask your administrator to raise the limit.`);
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("invalid_input", "The upload arrived incomplete or malformed. Choose the files and upload them again.");
  }
  const files = form.getAll("file").filter((entry): entry is File => typeof entry !== "string");
  const manifest = readManifest(form.get("manifest"), files.length);
  return Promise.all(
    files.map(async (file, index) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), ...(file.type ? { type: file.type } : {}), ...manifest[index] })),
  );
}

function readManifest(value: FormDataEntryValue | null, fileCount: number) {
  if (value === null) return [];
  let parsed: unknown;
  try {
    parsed = typeof value === "string" ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  const manifest = uploadManifestSchema.safeParse(parsed);
  if (!manifest.success || manifest.data.length !== fileCount) {
    throw new AppError("invalid_input", "The upload's field mapping does not match its files. Reload the page and choose the files again.");
  }
  return manifest.data;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `This upload is larger than the ${megabytes(maxBytes)} MB one request may hold. Upload the files in smaller batches.`);
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / MEGABYTE) * 10) / 10);
}
