import "server-only";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/admin";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** For admin pages: the admin scope, a redirect to login, or a 404 for members (the area is not advertised). */
export async function adminPageScope() {
  const user = await requireUser();
  try {
    return { user, admin: requireAdmin(user) };
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

/** Runs a data call for a page, turning its 404 into Next's not-found page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
