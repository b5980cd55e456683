"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/auth/action";
import { createTeam, deleteTeam, removeMembership, setMembership, updateTeam } from "@/lib/db/teams";
import { deleteTeamSchema, removeMemberSchema, setMemberSchema, teamSchema, updateTeamSchema } from "./schema";

export const createTeamAction = adminAction(teamSchema, async ({ admin, input, ip }) => {
  const team = await createTeam(admin, input, ip);
  revalidatePath("/admin/teams");
  return { message: `Created ${team.name}.` };
});

export const updateTeamAction = adminAction(updateTeamSchema, async ({ admin, input, ip }) => {
  await updateTeam(admin, input.teamId, input, ip);
  revalidatePath(`/admin/teams/${input.teamId}`);
  return { message: "Saved." };
});

export const deleteTeamAction = adminAction(deleteTeamSchema, async ({ admin, input, ip }) => {
  await deleteTeam(admin, input.teamId, input.confirmName, ip);
  revalidatePath("/admin/teams");
  redirect("/admin/teams");
});

export const setMemberAction = adminAction(setMemberSchema, async ({ admin, input, ip }) => {
  await setMembership(admin, input.teamId, input.email, input.role, ip);
  revalidatePath(`/admin/teams/${input.teamId}`);
  return { message: `${input.email} is now ${input.role === "editor" ? "an editor" : "a reader"}.` };
});

export const removeMemberAction = adminAction(removeMemberSchema, async ({ admin, input, ip }) => {
  await removeMembership(admin, input.teamId, input.userId, ip);
  revalidatePath(`/admin/teams/${input.teamId}`);
  return { message: "Removed." };
});
