import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { requireAdmin, type AdminScope } from "./admin";
import { clientIp } from "./request";
import { getCurrentUser, type CurrentUser } from "./session";

// The one gate for server actions: a "use server" export is a public endpoint, so every action (login aside) is
// built with authedAction, which re-checks the session against the database, parses the input with its schema,
// and turns expected failures into values a form can show. Bugs still throw.

/**
 * What an action answers. A handler returning `{ message }` has it shown under the form; `{ reveal }` shows a value
 * once with a copy button (a generated password, an API key).
 */
export type ActionResult<T = undefined> =
  | { status: "ok"; data: T; message?: string }
  | { status: "invalid_input"; message: string; fieldErrors: Record<string, string[]> }
  | { status: Exclude<AppErrorCode, "invalid_input">; message: string };

export interface ActionContext<I> {
  user: CurrentUser;
  input: I;
  ip: string | null;
}

type Handler<I, T> = (context: ActionContext<I>) => Promise<T>;

/** A server action for any signed-in user; accepts FormData (forms) or a plain object (code). */
export function authedAction<S extends z.ZodType, T>(schema: S, handler: Handler<z.infer<S>, T>) {
  return async (previous: unknown, payload?: FormData | z.input<S>): Promise<ActionResult<T>> => {
    // useActionState passes (previousState, formData); a direct call passes (input).
    const raw = payload === undefined ? previous : payload;
    const user = await getCurrentUser();
    if (!user) return { status: "unauthenticated", message: "Your session has ended. Sign in again." };
    const parsed = schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
      return { status: "invalid_input", message: "Some fields need attention.", fieldErrors };
    }
    try {
      const ip = clientIp(await headers());
      const data = await handler({ user, input: parsed.data, ip });
      const message = (data as { message?: unknown } | undefined)?.message;
      return { status: "ok", data, ...(typeof message === "string" ? { message } : {}) };
    } catch (error) {
      if (error instanceof AppError && error.code !== "invalid_input") return { status: error.code, message: error.message };
      if (error instanceof AppError) return { status: "invalid_input", message: error.message, fieldErrors: {} };
      throw error;
    }
  };
}

/** authedAction for administrators only; the handler receives the admin scope too. */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  handler: (context: ActionContext<z.infer<S>> & { admin: AdminScope }) => Promise<T>,
) {
  return authedAction(schema, (context) => handler({ ...context, admin: requireAdmin(context.user) }));
}

function formDataToObject(formData: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue; // React's own bookkeeping fields
    const values = formData.getAll(key);
    object[key] = values.length > 1 ? values : values[0];
  }
  return object;
}
