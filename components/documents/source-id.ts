import { stableSourceId } from "@/lib/ingest/parse/stable-source-id";

/**
 * The id suggested for pasted text: the title made into a stable id, as a file of that name would get. The ".txt" keeps
 * stableSourceId from reading "v2.1" as a file extension, and slashes are not folders here.
 */
export function sourceIdFromTitle(title: string): string {
  return title.trim() === "" ? "" : stableSourceId(`${title.replace(/[\\/]/g, " ")}.txt`);
}
