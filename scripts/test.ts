// `npm test`: unit and integration tests (Vitest), then end-to-end tests (Playwright + system Chromium).
// Integration tests use the PostgreSQL at DATABASE_URL, or a throwaway embedded database when it is unset.
// Without a Chromium the end-to-end tests cannot run: CI fails, elsewhere the run says so loudly.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { findChromium } from "../e2e/environment";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const isCI = !!process.env.CI && process.env.CI !== "false";

/** Runs a command with the terminal; a failure ends `npm test` with its exit code (and stops the background build). */
async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? 1)));
  if (code !== 0) {
    building?.kill();
    process.exit(code);
  }
}

let building: ChildProcess | undefined;

/**
 * The end-to-end tests start the app, which is built first when its sources changed: a minute or two of `next build`
 * that runs beside Vitest (whose integration files run one at a time, mostly waiting on the database) instead of after
 * it. Its output is kept and shown when it fails.
 */
function startBuild(): Promise<void> {
  const child = spawn(bin("tsx"), [path.join(ROOT, "scripts", "build-if-stale.ts"), "--if-stale"], { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  building = child;
  const output: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${Buffer.concat(output).toString()}\nnext build failed (exit code ${code})`))));
  });
}

const build = findChromium() ? startBuild() : undefined;
build?.catch(() => undefined); // awaited after Vitest
console.log(`==> Unit and integration tests (${process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded database"})`);
await run(bin("vitest"), ["run"]);

if (!build) {
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
await build.catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
console.log("==> End-to-end tests (Chromium)");
await run(bin("playwright"), ["test"]);
