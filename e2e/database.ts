import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

// The app's database as the end-to-end tests may reach it, for arranging data no UI creates yet and for asserting
// what the UI cannot show. scripts/e2e-server.ts writes its URL here once the database is migrated.
export const E2E_DATABASE_FILE = path.join(tmpdir(), `enclave-e2e-${process.env.ENCLAVE_E2E_PORT ?? 3100}.database-url`);

/** Runs `work` with a connection to the app's database under test. */
export async function withAppDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: readFileSync(E2E_DATABASE_FILE, "utf8").trim() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
