import { CITATION_METADATA_KEY, citedNumbers, type ChatUIMessage, type CitationInfo } from "@/lib/chat/message-types";

/**
 * The passages an answer's prompt held (or, for a refusal, the nearest found), in [n] order. Whether each is cited is
 * read from the text: the stream sends the passages before the answer exists, so their own flag is only final once
 * stored.
 */
export function messageCitations(message: ChatUIMessage): CitationInfo[] {
  const cited = citedNumbers(messageText(message));
  return message.parts
    .flatMap((part) => {
      if (part.type !== "source-document") return [];
      const info = part.providerMetadata?.[CITATION_METADATA_KEY] as unknown as CitationInfo | undefined;
      return info ? [{ ...info, isCited: !info.isNearest && cited.has(info.number) }] : [];
    })
    .sort((a, b) => a.number - b.number);
}

/** A message's text: its text parts joined. */
export function messageText(message: ChatUIMessage): string {
  return message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
}

/** Relevance as people read it: "87%". */
export function formatRelevance(relevance: number): string {
  return `${Math.round(Math.min(Math.max(relevance, 0), 1) * 100)}%`;
}
