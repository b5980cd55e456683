import path from "node:path";
import { parseEnv } from "@/lib/env";
import { openOrJoinEmbeddedDatabase } from "./embedded";
import { prepareDatabase } from "./prepare";

/**
 * The database for a command-line tool: DATABASE_URL, or the embedded one (joined through the running app when it
 * owns the folder). Migrates it, and points this process's DATABASE_URL at it so lib/db/client.ts connects there.
 */
export async function openDatabaseForCli(): Promise<{ url: string; close(): Promise<void> }> {
  const config = parseEnv(process.env);
  if (config.DATABASE_URL) {
    await prepareDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, close: async () => undefined };
  }
  const embedded = await openOrJoinEmbeddedDatabase({ dir: path.resolve(config.ENCLAVE_DATA_DIR) });
  await prepareDatabase(embedded.url).catch(async (error: unknown) => {
    await embedded.stop();
    throw error;
  });
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.url, close: () => embedded.stop() };
}
