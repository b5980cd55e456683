import { describe, expect, it } from "vitest";
import { createTestAdmin, createTestKnowledgeBase, createTestUser } from "@/tests/fixtures";
import { db } from "./client";
import { createTeam, deleteTeam, getTeam, listTeams, removeMembership, setMembership, updateTeam } from "./teams";

const name = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

describe("team administration", () => {
  it("creates, renames, finds by search and refuses duplicate names", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTeam(admin, { name: name("Finance") }, null);
    await expect(createTeam(admin, { name: team.name }, null)).rejects.toThrow("Another team already has that name or IdP group.");
    const renamed = await updateTeam(admin, team.id, { name: `${team.name} EMEA`, idpGroup: "finance-emea" }, null);
    const found = await listTeams(admin, { q: "emea" });
    expect(found.items.map((t) => t.id)).toContain(renamed.id);
    expect(renamed.idpGroup).toBe("finance-emea");
  });

  it("adds members by e-mail with a role, changes the role, removes them", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTeam(admin, { name: name("Legal") }, null);
    const user = await createTestUser();
    await setMembership(admin, team.id, user.email.toUpperCase(), "reader", null);
    await setMembership(admin, team.id, user.email, "editor", null);
    expect((await getTeam(admin, team.id)).memberships.map((m) => [m.userId, m.role, m.source])).toEqual([[user.id, "editor", "manual"]]);
    await expect(setMembership(admin, team.id, "ghost@example.test", "reader", null)).rejects.toThrow("No user has the e-mail ghost@example.test");
    await removeMembership(admin, team.id, user.id, null);
    expect((await getTeam(admin, team.id)).memberships).toEqual([]);
  });

  it("deletes after the name is typed, but never a team that still owns knowledge bases", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTeam(admin, { name: name("Ops") }, null);
    await createTestKnowledgeBase(team.id);
    await expect(deleteTeam(admin, team.id, "nope", null)).rejects.toThrow(`Type the team's name, ${team.name}, to confirm.`);
    await expect(deleteTeam(admin, team.id, team.name, null)).rejects.toThrow(/still owns 1 knowledge base/);
    await db().knowledgeBase.deleteMany({ where: { teamId: team.id } });
    await deleteTeam(admin, team.id, team.name, null);
    await expect(getTeam(admin, team.id)).rejects.toThrow("Team not found.");
    await expect(getTeam(admin, "not-a-uuid")).rejects.toThrow("Team not found.");
  });
});
