// The app as the end-to-end tests see it: the real launcher (`npm start`) on a throwaway database, created on the
// PostgreSQL at DATABASE_URL when set, or a fresh embedded one in a temporary folder otherwise.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { E2E_DATABASE_FILE } from "@/e2e/database";
import { createTestDatabase } from "@/tests/test-database";
import { launch } from "./start";

let cleanup: () => Promise<void> | void;
if (process.env.DATABASE_URL) {
  const database = await createTestDatabase("e2e");
  process.env.DATABASE_URL = database.url;
  cleanup = () => database.drop();
} else {
  // The launcher opens the embedded database itself: it must be the one process that owns the folder.
  const dir = mkdtempSync(path.join(tmpdir(), "enclave-e2e-"));
  process.env.ENCLAVE_DATA_DIR = dir;
  cleanup = () => rmSync(dir, { recursive: true, force: true });
}
const code = await launch({ onDatabaseReady: (url) => writeFileSync(E2E_DATABASE_FILE, url, { mode: 0o600 }) }).catch((error: unknown) => {
  console.error("e2e-server:", error);
  return 1;
});
await cleanup();
rmSync(E2E_DATABASE_FILE, { force: true });
process.exit(code);
