import { AppError } from "@/lib/errors";

/** The operator's query as a derived table `src`; the newlines keep a trailing `--` comment from eating the wrapper. */
export function subquery(query: string): string {
  const trimmed = query.trim().replace(/[\s;]+$/, "");
  if (trimmed === "") throw new AppError("invalid_input", "The query is empty.");
  return `(\n${trimmed}\n) as src`;
}
