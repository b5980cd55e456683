"use server";

import { signOut } from "@/lib/auth/config";

/** Ends the session and returns to the login page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
