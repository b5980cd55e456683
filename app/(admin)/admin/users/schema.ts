import { z } from "zod";

export const createUserSchema = z.object({
  email: z.email("Enter an e-mail address.").max(320),
  name: z.string().trim().max(200).optional(),
  role: z.enum(["admin", "member"]),
  password: z.string().max(1024).optional().transform((value) => value || undefined),
});

export const userIdSchema = z.object({ userId: z.uuid() });
export const setRoleSchema = userIdSchema.extend({ role: z.enum(["admin", "member"]) });
export const setDisabledSchema = userIdSchema.extend({ disabled: z.enum(["true", "false"]).transform((value) => value === "true") });
