import "server-only";
import { db } from "@/lib/db/client";

const PAGE_SIZE = 1000;

/** Every source id of a knowledge base, paged by id (keyset) so a large base never sits in memory. */
export async function* storedSourceIds(knowledgeBaseId: string): AsyncGenerator<string> {
  let after: string | undefined;
  for (;;) {
    const page = await db().document.findMany({
      where: { knowledgeBaseId, ...(after === undefined ? {} : { sourceId: { gt: after } }) },
      select: { sourceId: true },
      orderBy: { sourceId: "asc" },
      take: PAGE_SIZE,
    });
    for (const { sourceId } of page) yield sourceId;
    if (page.length < PAGE_SIZE) return;
    after = page.at(-1)!.sourceId;
  }
}
