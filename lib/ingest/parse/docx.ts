import "server-only";
import mammoth from "mammoth";
import { htmlToText } from "./html-text";
import { baseName } from "./stable-source-id";
import { UploadError } from "./upload-error";

// An OLE compound file: a legacy .doc, or a .docx that Word encrypted with a password (then it holds an
// "EncryptedPackage" stream, whose name is stored in UTF-16).
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");

/** The text of a Word document with its headings as "#" lines (via mammoth's HTML), and its first heading as title. */
export async function extractDocxText(bytes: Uint8Array, fileName: string): Promise<{ title?: string; text: string }> {
  const name = JSON.stringify(baseName(fileName));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    if (buffer.includes(ENCRYPTED_PACKAGE)) {
      throw new UploadError("encrypted", `${name} is password-protected. Open it in Word, remove the password (File → Info → Protect Document) and upload it again.`);
    }
    throw new UploadError("unsupported_type", `${name} is an old Word 97–2003 document, not .docx. Open it in Word (or LibreOffice), save it as .docx and upload that.`);
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        // Word's Title style is the document's title; mammoth maps only Heading 1-6 unless told.
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        // Images would come back as base64 data URLs: large, and no use to text search.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch {
    throw new UploadError("corrupt", `${name} cannot be read as a Word document (.docx): it is damaged or not really a .docx. Open it in Word, save a new copy and upload that.`);
  }
  return htmlToText(html);
}

