import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { isProcessAlive } from "@/lib/ops/process";

// Tests never touch a database they did not create: with DATABASE_URL set, a throwaway database is created on
// that server (and dropped afterwards); without it, a throwaway embedded database in a temporary folder.

export interface TestDatabase {
  url: string;
  isEmbedded: boolean;
  drop(): Promise<void>;
}

/** Creates a fresh, migrated database for one test run. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  // Inside test workers DATABASE_URL already points at the run's throwaway database; the server it came from
  // (empty for the embedded default) is kept in ENCLAVE_TEST_SERVER_URL by the global setup.
  const serverUrl = process.env.ENCLAVE_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `enclave-${label}-`));
    const embedded = await startEmbeddedDatabase({ dir });
    await migrate(embedded.url);
    return {
      url: embedded.url,
      isEmbedded: true,
      async drop() {
        await embedded.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `enclave_${label}_${process.pid}_${Date.now().toString(36)}`;
  await admin(serverUrl, async (client) => {
    await dropAbandoned(client);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = withDatabase(serverUrl, name);
  await migrate(url);
  return {
    url,
    isEmbedded: false,
    async drop() {
      await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Drops throwaway databases whose creating process is gone (killed runs never reach their own cleanup). */
async function dropAbandoned(client: pg.Client) {
  const { rows } = await client.query<{ datname: string }>(String.raw`SELECT datname FROM pg_database WHERE datname ~ '^enclave_[a-z0-9]+_\d+_[0-9a-z]+$'`);
  for (const { datname } of rows) {
    const pid = Number(datname.split("_").at(-2));
    if (isProcessAlive(pid)) continue;
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
