import { z } from "zod";

export const teamSchema = z.object({
  name: z.string().trim().min(1, "Give the team a name.").max(100),
  idpGroup: z.string().trim().max(200).optional().transform((value) => value || null),
});
export const updateTeamSchema = teamSchema.extend({ teamId: z.uuid() });
export const deleteTeamSchema = z.object({ teamId: z.uuid(), confirmName: z.string().max(100) });
export const setMemberSchema = z.object({ teamId: z.uuid(), email: z.email("Enter the member's e-mail address."), role: z.enum(["editor", "reader"]) });
export const removeMemberSchema = z.object({ teamId: z.uuid(), userId: z.uuid() });
