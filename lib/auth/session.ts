import "server-only";
import { redirect } from "next/navigation";
import { getUserById } from "@/lib/db/users";
import { auth } from "./config";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;

/**
 * The signed-in user, re-read from the database on every request: a disabled or deleted user, or a session
 * issued before a password change, is refused even though its token is still validly signed.
 */
export async function getCurrentUser() {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getUserById(userId);
  const sessionVersion = (session as { sessionVersion?: unknown }).sessionVersion;
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}
