import { z } from "zod";

export const loginSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  callbackUrl: z.string().max(2048).optional(),
});

export type { LoginState } from "@/components/auth/login-form";

/** Only same-site paths are followed after sign-in, never another origin (`//evil.example`, `https://...`). */
export function safeCallbackUrl(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
