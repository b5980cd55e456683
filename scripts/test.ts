// `npm test`: unit and integration tests (Vitest), then end-to-end tests (Playwright + system Chromium).
// Integration tests use the PostgreSQL at DATABASE_URL, or a throwaway embedded database when it is unset.
// Without a Chromium the end-to-end tests cannot run: CI fails, elsewhere the run says so loudly.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { findChromium } from "../e2e/environment";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const isCI = !!process.env.CI && process.env.CI !== "false";

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log(`==> Unit and integration tests (${process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded database"})`);
run(bin("vitest"), ["run"]);

if (!findChromium()) {
  const banner = [
    "",
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
    "!! END-TO-END TESTS DID NOT RUN: no Chromium on this machine.",
    "!! Install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH.",
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
    "",
  ].join("\n");
  console.error(banner);
  process.exit(isCI ? 1 : 0);
}
console.log("==> End-to-end tests (Chromium)");
run(bin("playwright"), ["test"]);
