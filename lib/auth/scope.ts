import "server-only";

// An authorized scope is the only way into knowledge-base data: every data function that reads or writes a
// knowledge base, document, chunk, chat or citation takes one, so forgetting the check does not type-check.
// Scopes are minted only in lib/auth (authorize.ts, and the API-key and job paths); the brand keeps anyone
// else from writing one as an object literal.

declare const scopeBrand: unique symbol;

export type Access = "read" | "write";

export type Actor =
  | { readonly kind: "user"; readonly userId: string; readonly email: string }
  | { readonly kind: "api_key"; readonly keyId: string }
  | { readonly kind: "system"; readonly purpose: string };

export interface KnowledgeBaseScope {
  readonly actor: Actor;
  readonly access: Access;
  /** The knowledge bases this scope may touch; SQL filters by exactly these ids. */
  readonly knowledgeBaseIds: readonly string[];
  readonly [scopeBrand]: true;
}

/** For lib/auth only: wraps an authorization decision already made. */
export function mintScope(actor: Actor, access: Access, knowledgeBaseIds: readonly string[]): KnowledgeBaseScope {
  return Object.freeze({ actor, access, knowledgeBaseIds: Object.freeze([...knowledgeBaseIds]) }) as KnowledgeBaseScope;
}

/** Narrows a scope to one of its knowledge bases (still authorized: the id must already be in it). */
export function narrowScope(scope: KnowledgeBaseScope, knowledgeBaseId: string): KnowledgeBaseScope {
  if (!scope.knowledgeBaseIds.includes(knowledgeBaseId)) throw new Error("narrowScope: knowledge base outside the scope");
  return mintScope(scope.actor, scope.access, [knowledgeBaseId]);
}
