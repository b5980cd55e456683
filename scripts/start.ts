// The launcher behind `npm start` (and `npm run dev` with --dev): validates the configuration, opens the database
// (the embedded one when DATABASE_URL is unset), applies migrations, creates the first admin, builds the app when
// its sources changed, then runs Next.js as a child process pointed at that database.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureFirstAdmin } from "@/lib/auth/bootstrap";
import { db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { describe, prepareDatabase } from "@/lib/db/prepare";
import { ConfigError, parseEnv, type Env } from "@/lib/env";
import { buildIfStale } from "./build-if-stale";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const TSX_BIN = path.join(ROOT, "node_modules", ".bin", "tsx");

export interface LaunchOptions {
  isDev?: boolean;
  /** Output for progress lines; the first admin's generated password is printed here exactly once. */
  log?: (line: string) => void;
  /** Called with the database URL once it is migrated (the end-to-end harness hands it to the tests). */
  onDatabaseReady?: (url: string) => void;
}

/** Prepares everything and runs Next.js; resolves with its exit code once it stops. */
export async function launch(options: LaunchOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = parseEnv(process.env);
  const dataDir = path.resolve(ROOT, config.ENCLAVE_DATA_DIR);
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    log(`==> Opening the embedded database in ${dataDir} (set DATABASE_URL to use your own PostgreSQL)`);
    embedded = await startEmbeddedDatabase({ dir: dataDir });
    url = embedded.url;
  } else {
    log(`==> Using PostgreSQL at ${describe(url)}`);
  }
  try {
    const migrations = await prepareDatabase(url);
    log(`==> Database schema up to date (${migrations.applied.length} migration(s) applied now)`);
    process.env.DATABASE_URL = url;
    await bootstrapAdmin(config, log);
    options.onDatabaseReady?.(url);
    await db().$disconnect();

    if (!options.isDev) await buildIfStale(ROOT, log);
    const childEnv = {
      ...process.env,
      DATABASE_URL: url,
      AUTH_SECRET: config.AUTH_SECRET ?? readOrCreateSecret(dataDir),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
      NEXT_TELEMETRY_DISABLED: "1",
      // The embedded server multiplexes every connection onto one session; a small pool per process is plenty.
      ENCLAVE_DB_POOL_MAX: embedded ? "4" : String(config.ENCLAVE_DB_POOL_MAX),
    };
    const args = [NEXT_BIN, options.isDev ? "dev" : "start", "--port", String(config.PORT), "--hostname", config.HOSTNAME];
    log(`==> Starting Enclave at http://${config.HOSTNAME}:${config.PORT}`);
    const worker = superviseWorker(childEnv, log);
    try {
      return await runChild(process.execPath, args, childEnv);
    } finally {
      await worker.stop();
    }
  } finally {
    await embedded?.stop();
  }
}

async function bootstrapAdmin(config: Env, log: (line: string) => void) {
  const admin = await ensureFirstAdmin({ email: config.ENCLAVE_ADMIN_EMAIL, password: config.ENCLAVE_ADMIN_PASSWORD });
  if (!admin) return;
  if (!admin.generatedPassword) {
    log(`==> Created the first admin, ${admin.email}, with the password from ENCLAVE_ADMIN_PASSWORD`);
    return;
  }
  log(
    [
      "",
      "  ┌─ First run: an admin account was created. This password is shown only once. ─────────",
      `  │  e-mail:   ${admin.email}`,
      `  │  password: ${admin.generatedPassword}`,
      "  └─ Sign in and change it under Account. ─────────────────────────────────────────────────",
      "",
    ].join("\n"),
  );
}

/** The session-signing secret: generated on first run and kept (mode 0600) beside the data. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Runs scripts/worker.ts beside Next.js, restarting it (after a pause) if it dies. */
function superviseWorker(env: NodeJS.ProcessEnv, log: (line: string) => void) {
  let child: ChildProcess | undefined;
  let isStopping = false;
  const start = () => {
    child = spawn(TSX_BIN, ["--conditions=react-server", path.join(ROOT, "scripts", "worker.ts")], { cwd: ROOT, env, stdio: "inherit" });
    child.once("exit", (code, signal) => {
      // A clean exit means it was told to stop (a signal to the whole process group); only a crash is restarted.
      if (isStopping || code === 0) return;
      log(`==> The background worker stopped (${signal ?? `exit code ${code}`}); restarting it in 5 s`);
      setTimeout(() => !isStopping && start(), 5_000);
    });
  };
  start();
  return {
    async stop() {
      isStopping = true;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 35_000))]);
    },
  };
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, forward);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  launch({ isDev: process.argv.includes("--dev") }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(`enclave: ${error.message}`);
      } else {
        console.error("enclave: failed to start:", error);
      }
      process.exit(1);
    },
  );
}
