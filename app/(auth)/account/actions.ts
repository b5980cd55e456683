"use server";

import { redirect } from "next/navigation";
import { changeOwnPassword } from "@/lib/auth/accounts";
import { authedAction } from "@/lib/auth/action";
import { signOut } from "@/lib/auth/config";
import { changePasswordSchema } from "./schema";

/** Changes the password; every session ends, this one too, so the user signs in again with the new one. */
export const changePasswordAction = authedAction(changePasswordSchema, async ({ user, input, ip }) => {
  await changeOwnPassword(user, input.currentPassword, input.newPassword, ip);
  await signOut({ redirect: false });
  redirect("/login?changed=1");
});
