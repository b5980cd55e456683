import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** Next's 404 page for a set, question or run that does not exist or belongs to another base. */
export function notFoundPage(error: unknown): never {
  if (error instanceof AppError && error.code === "not_found") notFound();
  throw error;
}
