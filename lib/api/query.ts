import type { z } from "zod";
import { ApiProblem } from "./problem";

/**
 * A URL's query parsed with a strict object schema; a bad, repeated or unknown parameter is a 400 that names it.
 * `rules` says, per parameter, what a good value looks like.
 */
export function parseQuery<S extends z.ZodObject>(url: URL, schema: S, rules: Record<string, string>): z.infer<S> {
  const values: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in values) throw new ApiProblem("invalid_query", `The query parameter ${JSON.stringify(name)} is given more than once; give it once.`, { parameter: name });
    values[name] = value;
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const name = issue.keys[0]!;
    const known = Object.keys(schema.shape).map((key) => JSON.stringify(key)).join(", ");
    throw new ApiProblem("invalid_query", `Unknown query parameter ${JSON.stringify(name)}. This endpoint takes ${known}.`, { parameter: name });
  }
  const name = String(issue.path[0]);
  throw new ApiProblem("invalid_query", `The query parameter ${JSON.stringify(name)} must be ${rules[name] ?? "valid"}; got ${JSON.stringify(values[name] ?? "")}.`, { parameter: name });
}
