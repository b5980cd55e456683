import pg from "pg";
import { ConfigError } from "@/lib/env";
import { migrate, type MigrationResult } from "./migrate";

const MIN_PGVECTOR = [0, 7] as const;

/** Checks that the database is reachable and has pgvector, then applies pending migrations. */
export async function prepareDatabase(url: string): Promise<MigrationResult> {
  await checkDatabase(url);
  return migrate(url);
}

/** Fails with one clear line (a ConfigError) when the database cannot serve Enclave. */
export async function checkDatabase(url: string): Promise<void> {
  const where = describe(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(`Cannot connect to the database at ${where}: ${reason(error)}. ${hint(error)}`);
  }
  try {
    const { rows } = await client.query<{ default_version: string | null; installed_version: string | null }>(
      "SELECT default_version, installed_version FROM pg_available_extensions WHERE name = 'vector'",
    );
    const row = rows[0];
    if (!row) {
      throw new ConfigError(
        `The database at ${where} has no pgvector extension. Install pgvector >= ${MIN_PGVECTOR.join(".")} ` +
          "(on Debian/Ubuntu: sudo scripts/setup-postgres.sh; with Docker: the pgvector/pgvector image).",
      );
    }
    const version = row.installed_version ?? row.default_version ?? "0";
    if (compareVersions(version, MIN_PGVECTOR) < 0) {
      throw new ConfigError(`The database at ${where} has pgvector ${version}; Enclave needs ${MIN_PGVECTOR.join(".")} or newer.`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database of a connection URL, without the credentials. */
export function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

function hint(error: unknown): string {
  switch ((error as { code?: string }).code) {
    case "ECONNREFUSED":
      return "Is PostgreSQL running? (sudo scripts/setup-postgres.sh starts a local one), or unset DATABASE_URL to use the embedded database.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "Check the host name in DATABASE_URL.";
    case "3D000":
      return "Create the database first (scripts/setup-postgres.sh does).";
    case "28P01":
    case "28000":
      return "Check the user and password in DATABASE_URL.";
    default:
      return "Check DATABASE_URL.";
  }
}

function compareVersions(version: string, minimum: readonly number[]): number {
  const parts = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < minimum.length; i++) {
    const difference = (parts[i] ?? 0) - (minimum[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
