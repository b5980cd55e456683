import { baseName } from "./stable-source-id";
import { UploadError } from "./upload-error";

const SAVE_AS_UTF8 = 'Save it as UTF-8 (in Excel: "CSV UTF-8"; in Notepad or TextEdit: encoding "UTF-8") and upload it again.';
// How far to look for the first byte that is really invalid, past U+FFFD characters the file legitimately contains.
const MAX_REPLACEMENT_CHECKS = 100;
// Where Windows-1252 differs from Latin-1. Node's TextDecoder("windows-1252") decodes these bytes as Latin-1's
// invisible controls, so the table is spelled out (U+FFFD marks the five bytes Windows-1252 leaves undefined).
const WINDOWS_1252_80_TO_9F = [..."€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ"];

/** The text of a UTF-8 file, without its byte-order mark and with LF line endings; refuses anything that is not UTF-8 text. */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  const name = JSON.stringify(baseName(fileName));
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new UploadError("not_utf8", `${name} is UTF-16 text, not UTF-8. ${SAVE_AS_UTF8}`);
  }
  let text: string;
  try {
    // fatal: a wrong encoding is refused rather than turned into "�" all through the knowledge base.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UploadError("not_utf8", `${name} is not UTF-8 text${describeFirstInvalidByte(bytes)}. ${SAVE_AS_UTF8}`);
  }
  // NUL is valid UTF-8 but no text format uses it: it means UTF-16 without a byte-order mark, or a binary file.
  const nul = text.indexOf("\u0000");
  if (nul !== -1) {
    const looksUtf16 = bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && (bytes[3] === 0 || bytes[2] === 0);
    throw new UploadError(
      "not_utf8",
      looksUtf16
        ? `${name} looks like UTF-16 text, not UTF-8. ${SAVE_AS_UTF8}`
        : `${name} contains binary data (a NUL byte on line ${lineAt(text, nul)}), not text. Check that you chose the right file.`,
    );
  }
  return text.replace(/\r\n?/g, "\n");
}

/** The 1-based line and column of a position in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: lineAt(text, offset), column: offset - lineStart + 1 };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

// " (byte 0xE9 on line 3, which is "é" in Windows-1252)": the decoder marks each invalid byte with U+FFFD, but a
// file may also contain a real U+FFFD (bytes EF BF BD), so each candidate is checked against the bytes.
function describeFirstInvalidByte(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8").decode(bytes);
  const encoder = new TextEncoder();
  let offset = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  let previous = 0;
  let index = text.indexOf("\uFFFD");
  for (let checks = 0; index !== -1 && checks < MAX_REPLACEMENT_CHECKS; checks++) {
    offset += encoder.encode(text.slice(previous, index)).length;
    if (!startsWith(bytes.subarray(offset), [0xef, 0xbf, 0xbd])) {
      const byte = bytes[offset] ?? 0;
      const hex = `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      const char = byte >= 0x80 && byte < 0xa0 ? (WINDOWS_1252_80_TO_9F[byte - 0x80] ?? "") : String.fromCharCode(byte);
      const meaning = char === "\uFFFD" ? "" : `, which is ${JSON.stringify(char)} in Windows-1252`;
      return ` (byte ${hex} on line ${lineAt(text, index)}${meaning}; the file looks like Windows-1252 or Latin-1)`;
    }
    offset += 3;
    previous = index + 1;
    index = text.indexOf("\uFFFD", previous);
  }
  return "";
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
