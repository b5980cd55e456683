"use server";

import { revalidatePath } from "next/cache";
import { createAccount, resetPassword } from "@/lib/auth/accounts";
import { adminAction } from "@/lib/auth/action";
import { deleteUser, setUserDisabled, setUserRole } from "@/lib/db/users";
import { createUserSchema, setDisabledSchema, setRoleSchema, userIdSchema } from "./schema";

const refresh = () => revalidatePath("/admin/users");

export const createUserAction = adminAction(createUserSchema, async ({ admin, input, ip }) => {
  const account = await createAccount(admin, input, ip);
  refresh();
  return {
    message: `Created ${account.email}.`,
    reveal: account.temporaryPassword ? { label: `Temporary password for ${account.email}`, value: account.temporaryPassword } : undefined,
  };
});

export const resetPasswordAction = adminAction(userIdSchema, async ({ admin, input, ip }) => {
  const reset = await resetPassword(admin, input.userId, ip);
  return { message: `Password reset; ${reset.email} was signed out everywhere.`, reveal: { label: `New password for ${reset.email}`, value: reset.temporaryPassword } };
});

export const setUserRoleAction = adminAction(setRoleSchema, async ({ admin, input, ip }) => {
  await setUserRole(admin, input.userId, input.role, ip);
  refresh();
  return { message: "Role changed." };
});

export const setUserDisabledAction = adminAction(setDisabledSchema, async ({ admin, input, ip }) => {
  await setUserDisabled(admin, input.userId, input.disabled, ip);
  refresh();
  return { message: input.disabled ? "User disabled and signed out." : "User enabled." };
});

export const deleteUserAction = adminAction(userIdSchema, async ({ admin, input, ip }) => {
  await deleteUser(admin, input.userId, ip);
  refresh();
  return { message: "User deleted." };
});
