import "server-only";
import { mintScope, type KnowledgeBaseScope } from "./scope";

/**
 * The scope a background job acts with: write access to the one knowledge base it was created for. The job itself
 * was authorized when an editor, admin or write API key created it; the worker only carries that decision out.
 */
export function jobScope(knowledgeBaseId: string, purpose: string): KnowledgeBaseScope {
  return mintScope({ kind: "system", purpose }, "write", [knowledgeBaseId]);
}
