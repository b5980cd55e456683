import "server-only";
import { adminActor, type AdminScope } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { db } from "./client";
import { isUuid } from "./ids";
import type { Prisma, TeamRole } from "./generated/client";
import { likeLiteral, pageWindow, toPage, type ListQuery } from "./pagination";
import { normaliseEmail } from "./users";

/** Teams matching `q`, by name, with how many members and knowledge bases each has. */
export async function listTeams(_admin: AdminScope, query: ListQuery) {
  const { skip, take, page } = pageWindow(query.page);
  const where: Prisma.TeamWhereInput = query.q ? { name: { contains: likeLiteral(query.q), mode: "insensitive" } } : {};
  const [items, total] = await Promise.all([
    db().team.findMany({
      where,
      select: { id: true, name: true, idpGroup: true, createdAt: true, _count: { select: { memberships: true, knowledgeBases: true } } },
      orderBy: { name: "asc" },
      skip,
      take,
    }),
    db().team.count({ where }),
  ]);
  return toPage(items, total, page);
}

/** Every team's id and name, for pickers. */
export async function listTeamNames(_admin: AdminScope) {
  return db().team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function getTeam(_admin: AdminScope, teamId: string) {
  if (!isUuid(teamId)) throw notFound("Team");
  const team = await db().team.findUnique({
    where: { id: teamId },
    include: {
      memberships: { include: { user: { select: { id: true, email: true, name: true, disabledAt: true } } }, orderBy: { createdAt: "asc" } },
      knowledgeBases: { select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } },
    },
  });
  if (!team) throw notFound("Team");
  return team;
}

export async function createTeam(admin: AdminScope, input: { name: string; idpGroup?: string | null }, ip: string | null) {
  const team = await db()
    .team.create({ data: { name: input.name.trim(), idpGroup: input.idpGroup?.trim() || null } })
    .catch(rethrowTeamError);
  await recordAuditEvent({ action: "team.create", actor: adminActor(admin), target: { type: "team", id: team.id }, ip, details: { name: team.name } });
  return team;
}

export async function updateTeam(admin: AdminScope, teamId: string, input: { name: string; idpGroup?: string | null }, ip: string | null) {
  const team = await db()
    .team.update({ where: { id: teamId }, data: { name: input.name.trim(), idpGroup: input.idpGroup?.trim() || null } })
    .catch(rethrowTeamError);
  await recordAuditEvent({ action: "team.update", actor: adminActor(admin), target: { type: "team", id: team.id }, ip, details: { name: team.name, idpGroup: team.idpGroup } });
  return team;
}

/** Deletes a team after the admin typed its name; a team that still owns knowledge bases is kept. */
export async function deleteTeam(admin: AdminScope, teamId: string, typedName: string, ip: string | null) {
  await db().$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, include: { _count: { select: { knowledgeBases: true } } } });
    if (!team) throw notFound("Team");
    if (typedName.trim() !== team.name) throw new AppError("invalid_input", `Type the team's name, ${team.name}, to confirm.`);
    if (team._count.knowledgeBases > 0) {
      throw new AppError("conflict", `${team.name} still owns ${team._count.knowledgeBases} knowledge base(s); move or delete them first.`);
    }
    await tx.team.delete({ where: { id: teamId } });
    await recordAuditEvent({ action: "team.delete", actor: adminActor(admin), target: { type: "team", id: teamId }, ip, details: { name: team.name } }, tx);
  });
}

/** Adds the user with this e-mail to the team, or changes their role if already a member. */
export async function setMembership(admin: AdminScope, teamId: string, email: string, role: TeamRole, ip: string | null) {
  const user = await db().user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true, email: true } });
  if (!user) throw new AppError("invalid_input", `No user has the e-mail ${normaliseEmail(email)}; create the user first.`);
  if (!(await db().team.findUnique({ where: { id: teamId }, select: { id: true } }))) throw notFound("Team");
  // An admin's choice makes the membership manual: single sign-on group sync will no longer remove it.
  await db().membership.upsert({
    where: { userId_teamId: { userId: user.id, teamId } },
    create: { userId: user.id, teamId, role, source: "manual" },
    update: { role, source: "manual" },
  });
  await recordAuditEvent({ action: "team.member_set", actor: adminActor(admin), target: { type: "team", id: teamId }, ip, details: { email: user.email, role } });
}

export async function removeMembership(admin: AdminScope, teamId: string, userId: string, ip: string | null) {
  const removed = await db().membership.deleteMany({ where: { teamId, userId } });
  if (removed.count === 0) throw notFound("Membership");
  await recordAuditEvent({ action: "team.member_remove", actor: adminActor(admin), target: { type: "team", id: teamId }, ip, details: { userId } });
}

function rethrowTeamError(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === "P2002") throw new AppError("conflict", "Another team already has that name or IdP group.");
  if (code === "P2025") throw notFound("Team");
  throw error;
}
