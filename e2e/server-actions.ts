import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { APP_URL } from "./environment";

// Server actions are public HTTP endpoints: anyone who finds an action's id can POST to it with any arguments.
// The security suite does exactly that, looking ids up in the build's manifest the way an attacker reads them
// out of the page's JavaScript.

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

function manifest(): Record<string, ManifestEntry> {
  const file = path.resolve(import.meta.dirname, "../.next/server/server-reference-manifest.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> }).node;
}

/** The id of an exported server action and a page path that serves it. */
export function findAction(exportedName: string, filenamePart: string): { id: string; workerPage: string } {
  const found = Object.entries(manifest()).find(([, entry]) => entry.exportedName === exportedName && entry.filename?.includes(filenamePart));
  if (!found) throw new Error(`server action ${exportedName} (${filenamePart}) is not in the build manifest`);
  const [id, entry] = found;
  return { id, workerPage: Object.keys(entry.workers)[0]! };
}

/** Invokes a server action directly, as the browser would (arguments encoded as React's reply JSON). */
export async function postAction(
  request: APIRequestContext,
  action: { id: string },
  path: string,
  args: unknown[],
  options: { origin?: string } = {},
) {
  return request.post(path, {
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: options.origin ?? APP_URL,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
}
