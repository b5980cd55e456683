import { z } from "zod";

const urlSchema = z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" });
const WHOLE = "must be a positive whole number";
const positiveInt = (fallback: number) =>
  z.coerce.number({ error: WHOLE }).int({ error: WHOLE }).positive({ error: WHOLE }).default(fallback);

const LOOPBACK_IP = /^(127(\.\d{1,3}){3}|\[::1\])$/;
// An identity provider's issuer: https, or plain http only on this machine (a local test provider).
const issuerSchema = z
  .url({ protocol: /^https?$/, message: "must be an https:// URL" })
  .refine((value) => {
    const { protocol, hostname } = new URL(value);
    return protocol === "https:" || hostname === "localhost" || LOOPBACK_IP.test(hostname);
  }, "must be an https:// URL (http:// only for localhost)");
// Next.js rewrites a loopback address in a request URL to `localhost`, so Auth.js would see two different origins.
const publicUrlSchema = urlSchema.refine((value) => !LOOPBACK_IP.test(new URL(value).hostname), "must name localhost, not a loopback IP");

/** ENCLAVE_SECRET_KEY: 32 bytes as 64 hex digits or as base64 (44 characters with padding, or 43 without). */
export const SECRET_KEY_PATTERN = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/;

const OIDC_REQUIRED = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"] as const;

function requireAllOidcSettingsOrNone(settings: Partial<Record<(typeof OIDC_REQUIRED)[number], string>>, context: z.RefinementCtx) {
  const missing = OIDC_REQUIRED.filter((name) => settings[name] === undefined);
  if (missing.length === 0 || missing.length === OIDC_REQUIRED.length) return;
  context.addIssue({
    code: "custom",
    path: [missing.join(" and ")],
    message: `must be set too: single sign-on needs ${OIDC_REQUIRED.join(", ")} together, or none of them`,
  });
}

/** Every setting Enclave reads from the environment, with its default. */
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  ENCLAVE_DB_POOL_MAX: positiveInt(10),
  ENCLAVE_DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // Enclave's public address, for when the Host / X-Forwarded-* headers do not tell it (Auth.js reads it too).
  AUTH_URL: publicUrlSchema.optional(),
  ENCLAVE_CHAT_BASE_URL: urlSchema.default("http://localhost:11434/v1"),
  ENCLAVE_CHAT_MODEL: z.string().min(1).default("gemma3:1b"),
  ENCLAVE_EMBEDDING_BASE_URL: urlSchema.optional(),
  ENCLAVE_EMBEDDING_MODEL: z.string().min(1).default("all-minilm"),
  ENCLAVE_EMBEDDING_DIMENSION: positiveInt(384),
  ENCLAVE_CONTEXT_WINDOW: positiveInt(4096),
  ENCLAVE_MODEL_TIMEOUT_MS: positiveInt(120_000),
  ENCLAVE_HEALTH_TIMEOUT_MS: positiveInt(3_000),
  ENCLAVE_JOB_SLICE_SECONDS: positiveInt(30),
  ENCLAVE_EMBED_MAX_RETRIES: z.coerce.number({ error: WHOLE }).int({ error: WHOLE }).min(0).max(10).default(2),
  ENCLAVE_UPLOAD_MAX_MB: positiveInt(50),
  ENCLAVE_UPLOAD_MAX_FILES: positiveInt(20),
  ENCLAVE_ADMIN_EMAIL: z.email("must be an e-mail address").optional(),
  ENCLAVE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  PORT: positiveInt(3000),
  HOSTNAME: z.string().min(1).default("127.0.0.1"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  // Single sign-on (OpenID Connect): on when the issuer, client id and client secret are set.
  AUTH_OIDC_ISSUER: issuerSchema.optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  AUTH_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  AUTH_OIDC_ALLOW_PROVISIONING: z.stringbool({ error: "must be true or false" }).default(true),
  // Privacy (lib/privacy): the key that encrypts hosted endpoints' API keys and chats' pseudonymisation mappings, and
  // the installation-wide switch that keeps every knowledge base local.
  ENCLAVE_SECRET_KEY: z
    .string()
    .trim()
    .regex(SECRET_KEY_PATTERN, "must be 32 bytes written as 64 hex digits or as base64 (e.g. `openssl rand -base64 32`)")
    .optional(),
  ENCLAVE_LOCAL_ONLY: z.stringbool({ error: "must be true or false" }).default(false),
  // `when`: reported together with any other bad setting, not only once the rest is valid.
}).superRefine(requireAllOidcSettingsOrNone, { when: () => true });

export type Env = z.infer<typeof envSchema> & { ENCLAVE_EMBEDDING_BASE_URL: string };

/** Thrown for bad configuration; its message is the one line to print. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; on bad values throws a ConfigError naming each variable and what it must be. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value means "unset", as it does in docker-compose and .env files.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const parsed = result.data;
  return { ...parsed, ENCLAVE_EMBEDDING_BASE_URL: parsed.ENCLAVE_EMBEDDING_BASE_URL ?? parsed.ENCLAVE_CHAT_BASE_URL };
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The database URL the app must use; the launcher always sets one (the embedded server's when none is configured). */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new ConfigError("DATABASE_URL is not set: start Enclave with `npm start`, which provides one.");
  return url;
}
