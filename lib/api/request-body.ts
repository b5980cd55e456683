import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseJsonText } from "@/lib/ingest/parse/json-syntax";
import { ApiProblem } from "./problem";

// Request bodies of the REST API: JSON in UTF-8, at most ENCLAVE_UPLOAD_MAX_MB. The size is checked twice: against
// Content-Length before reading, and by counting bytes while reading, so a missing or false length cannot get past it.

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** The request's JSON body; 415 for another media type, 413 when too large, 400 (with line and column) when malformed. */
export async function readJsonBody(request: Request, maxBytes = env().ENCLAVE_UPLOAD_MAX_MB * 1024 * 1024): Promise<unknown> {
  requireJson(request.headers.get("content-type"));
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readBodyAtMost(request, maxBytes, tooLarge);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiProblem("invalid_json", "The request body is not valid UTF-8 text. Send JSON encoded as UTF-8.");
  }
  if (text.trim() === "") throw new ApiProblem("invalid_json", "The request body is empty. Send a JSON object.");
  const parsed = parseJsonText(text);
  if ("value" in parsed) return parsed.value;
  const { line, column, message } = parsed.problem;
  throw new ApiProblem("invalid_json", `${unexpected(text, line, column)} at line ${line}, column ${column}: ${message}.`, { line, column });
}

function requireJson(contentType: string | null) {
  const [mediaType = "", ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const sent = contentType ? `Content-Type ${JSON.stringify(contentType)}` : "no Content-Type";
    throw new ApiProblem("unsupported_media_type", `The request has ${sent}. Send JSON with "Content-Type: application/json".`);
  }
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new ApiProblem("unsupported_media_type", `The body is declared as ${charset}; only UTF-8 JSON is accepted.`);
  }
}

/**
 * A request body, read while counting: past `maxBytes` the read stops and `tooLarge` is thrown, whatever
 * Content-Length claimed (a missing or false one cannot get past it).
 */
export async function readBodyAtMost(request: Request, maxBytes: number, tooLarge: (maxBytes: number) => Error): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): AppError {
  const megabytes = maxBytes / (1024 * 1024);
  const limit = Number.isInteger(megabytes) ? `${megabytes} MB` : `${maxBytes} bytes`;
  return new AppError("payload_too_large", `The request body is larger than the limit of ${limit}. Send fewer documents per request.`);
}

// `Unexpected token "}"` or `Unexpected end of input`: what stands where the parser gave up.
function unexpected(text: string, line: number, column: number): string {
  const lineStart = text.split("\n").slice(0, line - 1).reduce((offset, previous) => offset + previous.length + 1, 0);
  const [found] = [...text.slice(lineStart + column - 1).trimStart()];
  return found === undefined ? "Unexpected end of input" : `Unexpected token ${JSON.stringify(found)}`;
}
