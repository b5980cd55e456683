const MAX_SLUG_LENGTH = 200;

/** A readable id from a file name: "HR Handbook (2024).pdf" -> "hr-handbook-2024". The same name always gives the same id. */
export function stableSourceId(fileName: string): string {
  const slug = baseName(fileName)
    .replace(/\.[^.]+$/, "")
    // Accents go from Latin letters only ("Café" -> "cafe"); in other scripts the marks are part of the letter.
    .normalize("NFKD")
    .replace(/(?<=[A-Za-z])\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  const capped = [...slug].slice(0, MAX_SLUG_LENGTH).join("").replace(/-+$/, "");
  return capped || "document";
}

/** The file name without folders (browsers on Windows may send "C:\\Users\\…\\file.txt") or its last extension. */
export function titleFromFileName(fileName: string): string {
  const base = baseName(fileName);
  return base.replace(/\.[^.]+$/, "").trim() || base;
}

export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}
