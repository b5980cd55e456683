import "server-only";
import type { OIDCConfig } from "next-auth/providers";
import { recordAuditEvent } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import type { User } from "@/lib/db/generated/client";
import { getUserByEmail, normaliseEmail, recordLogin } from "@/lib/db/users";
import { env, type Env } from "@/lib/env";

// Single sign-on through any OpenID Connect provider (Keycloak, Entra ID, Google Workspace, Okta...). The IdP proves
// who someone is; Enclave still decides who they are here: a user is matched by (issuer, subject), else once by
// verified e-mail, else provisioned as a member. Team access follows the groups claim for `idp` memberships only.

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button label: "Sign in with {name}". */
  name: string;
  groupsClaim: string;
  isProvisioningAllowed: boolean;
}

/** The single sign-on settings, or undefined when single sign-on is not configured. */
export function oidcSettings(source: Env = env()): OidcSettings | undefined {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId, AUTH_OIDC_CLIENT_SECRET: clientSecret } = source;
  if (!issuer || !clientId || !clientSecret) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    name: source.AUTH_OIDC_NAME,
    groupsClaim: source.AUTH_OIDC_GROUPS_CLAIM,
    isProvisioningAllowed: source.AUTH_OIDC_ALLOW_PROVISIONING,
  };
}

/** The Auth.js provider: discovery from the issuer, authorization code flow with PKCE, state and nonce. */
export function oidcProvider(settings: OidcSettings): OIDCConfig<Record<string, unknown>> {
  return {
    id: "oidc",
    type: "oidc",
    name: settings.name,
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
  };
}

export type OidcRefusal = "missing_identity" | "email_not_verified" | "disabled" | "linked_to_other_identity" | "provisioning_disabled";

export type OidcSignIn = { status: "ok"; user: { id: string; email: string; sessionVersion: number } } | { status: "refused"; reason: OidcRefusal };

interface Identity {
  issuer: string;
  subject: string;
  email: string;
  name: string | null;
}

/**
 * Signs in the person an IdP vouched for (the ID token's claims): finds, links or provisions their user, syncs
 * their IdP team memberships, records the login. Refusals are audited and say nothing the login page may show.
 */
export async function signInWithOidc(
  claims: Record<string, unknown>,
  options: Pick<OidcSettings, "groupsClaim" | "isProvisioningAllowed"> & { ip: string | null },
): Promise<OidcSignIn> {
  const identity = readIdentity(claims);
  const refuse = async (reason: OidcRefusal, user?: User): Promise<OidcSignIn> => {
    const details = { method: "oidc", reason, issuer: String(claims.iss ?? ""), email: identity?.email ?? String(claims.email ?? "").slice(0, 320) };
    await recordAuditEvent({ action: "auth.sign_in_failed", actor: user ? { id: user.id, email: user.email } : null, ip: options.ip, details });
    return { status: "refused", reason };
  };
  if (!identity) return refuse("missing_identity");
  if (!isEmailVerified(claims)) return refuse("email_not_verified");

  const match = await matchUser(identity, options.isProvisioningAllowed, options.ip);
  if ("refused" in match) return refuse(match.refused, match.user);
  const { user } = match;
  const groups = readGroups(claims[options.groupsClaim]);
  if (groups) await syncIdpMemberships(user, groups, options.ip);
  await recordLogin(user.id);
  await recordAuditEvent({
    action: "auth.sign_in",
    actor: { id: user.id, email: user.email },
    ip: options.ip,
    details: { method: "oidc", issuer: identity.issuer, match: match.how },
  });
  return { status: "ok", user: { id: user.id, email: user.email, sessionVersion: user.sessionVersion } };
}

/** The user an IdP identity was linked to by signInWithOidc, for the session token; null when there is none. */
export async function getOidcUser(claims: Record<string, unknown>) {
  const identity = readIdentity(claims);
  if (!identity) return null;
  return db().user.findFirst({ where: { oidcIssuer: identity.issuer, oidcSubject: identity.subject, disabledAt: null } });
}

type Match = { user: User; how: "subject" | "email" | "provisioned" } | { refused: OidcRefusal; user?: User };

async function matchUser(identity: Identity, isProvisioningAllowed: boolean, ip: string | null): Promise<Match> {
  const bySubject = await db().user.findFirst({ where: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } });
  if (bySubject) return bySubject.disabledAt ? { refused: "disabled", user: bySubject } : { user: bySubject, how: "subject" };

  const byEmail = await getUserByEmail(identity.email);
  if (byEmail) {
    if (byEmail.disabledAt) return { refused: "disabled", user: byEmail };
    if (byEmail.oidcIssuer === identity.issuer && byEmail.oidcSubject === identity.subject) return { user: byEmail, how: "subject" };
    // Already bound to another IdP account: an e-mail address handed to someone new must not inherit the old access.
    if (byEmail.oidcSubject) return { refused: "linked_to_other_identity", user: byEmail };
    const linked = await db().user.updateMany({
      where: { id: byEmail.id, oidcSubject: null },
      data: { oidcIssuer: identity.issuer, oidcSubject: identity.subject },
    });
    if (linked.count === 0) return matchUser(identity, false, ip); // linked by a concurrent sign-in meanwhile
    return { user: { ...byEmail, oidcIssuer: identity.issuer, oidcSubject: identity.subject }, how: "email" };
  }

  if (!isProvisioningAllowed) return { refused: "provisioning_disabled" };
  try {
    const user = await db().user.create({
      data: { email: identity.email, name: identity.name, passwordHash: null, role: "member", oidcIssuer: identity.issuer, oidcSubject: identity.subject },
    });
    await recordAuditEvent({
      action: "user.create",
      actor: { id: user.id, email: user.email },
      target: { type: "user", id: user.id },
      ip,
      details: { email: user.email, role: user.role, method: "oidc", issuer: identity.issuer },
    });
    return { user, how: "provisioned" };
  } catch (error) {
    // A concurrent first sign-in created the user a moment earlier: match again instead.
    if ((error as { code?: string }).code === "P2002") return matchUser(identity, false, ip);
    throw error;
  }
}

/**
 * Makes the user's `idp` memberships follow the groups claim: a reader membership in each team mapped to one of the
 * groups (an existing membership of any source is left as it is), and no `idp` membership in any other team.
 */
async function syncIdpMemberships(user: User, groups: string[], ip: string | null) {
  await db().$transaction(async (tx) => {
    const mapped = await tx.team.findMany({ where: { idpGroup: { in: groups } }, select: { id: true, idpGroup: true } });
    const current = await tx.membership.findMany({ where: { userId: user.id }, select: { teamId: true, source: true, team: { select: { idpGroup: true } } } });
    const isMember = new Set(current.map((membership) => membership.teamId));
    const isMapped = new Set(mapped.map((team) => team.id));
    const added = mapped.filter((team) => !isMember.has(team.id));
    const removed = current.filter((membership) => membership.source === "idp" && !isMapped.has(membership.teamId));
    if (added.length > 0) {
      await tx.membership.createMany({
        data: added.map((team) => ({ userId: user.id, teamId: team.id, role: "reader" as const, source: "idp" as const })),
        skipDuplicates: true,
      });
    }
    if (removed.length > 0) {
      await tx.membership.deleteMany({ where: { userId: user.id, source: "idp", teamId: { in: removed.map((membership) => membership.teamId) } } });
    }
    const actor = { id: user.id, email: user.email };
    for (const team of added) {
      const details = { email: user.email, role: "reader", source: "idp", group: team.idpGroup };
      await recordAuditEvent({ action: "team.member_set", actor, target: { type: "team", id: team.id }, ip, details }, tx);
    }
    for (const membership of removed) {
      const details = { userId: user.id, email: user.email, source: "idp", group: membership.team.idpGroup };
      await recordAuditEvent({ action: "team.member_remove", actor, target: { type: "team", id: membership.teamId }, ip, details }, tx);
    }
  });
}

function readIdentity(claims: Record<string, unknown>): Identity | undefined {
  const { iss, sub, email, name } = claims;
  if (typeof iss !== "string" || !iss || typeof sub !== "string" || !sub || sub.length > 255) return undefined;
  if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email.trim()) || email.length > 320) return undefined;
  return { issuer: iss, subject: sub, email: normaliseEmail(email), name: typeof name === "string" && name ? name.slice(0, 200) : null };
}

// Entra ID never sends `email_verified`; its `xms_edov` optional claim ("e-mail domain owner verified") says the same.
function isEmailVerified(claims: Record<string, unknown>): boolean {
  return claims.email_verified === true || claims.xms_edov === true;
}

/** The groups claim as a list; undefined (leave memberships alone) when the IdP did not send one. */
function readGroups(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value]; // some IdPs send a lone group as a plain string
  if (!Array.isArray(value)) return undefined;
  return value.filter((group): group is string => typeof group === "string");
}
