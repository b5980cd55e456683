import { AppError } from "@/lib/errors";
import type { ColumnMapping } from "./row-document";

export interface RequestedColumns {
  /** Default "id". */
  id?: string;
  /** Default "title" when the query returns one; otherwise the id is the title. */
  title?: string;
  /** Default "content". */
  content?: string;
  /** Needed for incremental syncs. */
  updated?: string;
  /** Default: every column but the id, title and content. */
  metadata?: readonly string[];
}

/**
 * Checks every named column against the columns the query really returns: only such names are ever put into SQL
 * (escaped), so a column option cannot inject anything.
 */
export function resolveColumns(columns: readonly string[], requested: RequestedColumns): { mapping: ColumnMapping; updated?: string } {
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated !== undefined) {
    throw new AppError("invalid_input", `The query returns the column ${JSON.stringify(repeated)} more than once. Give every column its own name (… AS other_name).`);
  }
  const need = (role: string, column: string) => {
    if (columns.includes(column)) return column;
    throw new AppError("invalid_input", `The ${role} column ${clip(column)} is not among the query's columns: ${columns.map((name) => clip(name)).join(", ") || "(none)"}.`);
  };
  const id = need("id", requested.id ?? "id");
  const content = need("content", requested.content ?? "content");
  const title = requested.title !== undefined ? need("title", requested.title) : columns.includes("title") ? "title" : undefined;
  const updated = requested.updated !== undefined ? need("updated", requested.updated) : undefined;
  const metadata = requested.metadata
    ? requested.metadata.map((column) => need("metadata", column))
    : columns.filter((column) => column !== id && column !== content && column !== title);
  return { mapping: { id, title, content, metadata }, updated };
}

// JSON-quoted (so control characters show as escapes, not as terminal commands) and cut to a readable length.
function clip(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
}
