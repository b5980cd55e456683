// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the launcher does this itself on start).
import { describe, prepareDatabase } from "@/lib/db/prepare";
import { ConfigError, parseEnv } from "@/lib/env";

try {
  const url = parseEnv(process.env).DATABASE_URL;
  if (!url) throw new ConfigError("DATABASE_URL is not set; `npm start` migrates the embedded database by itself.");
  const result = await prepareDatabase(url);
  console.log(`${describe(url)}: applied ${result.applied.length} migration(s), ${result.alreadyApplied.length} already applied`);
} catch (error) {
  console.error(`enclave: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
