import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { ConfigError } from "@/lib/env";
import { sessionSetStatements } from "./session-settings";
import { isProcessAlive } from "@/lib/ops/process";

// The embedded default: PostgreSQL compiled to wasm (PGlite, with pgvector), served over the PostgreSQL wire
// protocol on loopback, so the app talks to it through the very same driver and SQL as to a real server.
// PGlite has no file lock of its own and two processes on one directory silently lose writes, so exactly one
// process (the launcher) opens it, guarded by a pid lock file; Next's workers only ever connect over the socket.

const LOCK_FILE = "embedded-postgres.lock";
const URL_FILE = "embedded-postgres.url";

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The folder holding the database files (`<dir>/pg`) and the lock. */
  dir: string;
  port?: number;
  /** Concurrent client connections; they share one PGlite session, transactions are kept apart by the server. */
  maxConnections?: number;
}

/** Opens (creating on first use) the embedded database in `dir` and serves it on 127.0.0.1. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const releaseLock = acquireLock(path.join(dir, LOCK_FILE));
  try {
    const dataDir = path.join(dir, "pg");
    const pglite = await PGlite.create(dataDir, { extensions: { vector } });
    // Every client connection shares this one session, so settings made here hold for all of them.
    await pglite.exec(sessionSetStatements());
    const server = new PGLiteSocketServer({
      db: pglite,
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 32,
    });
    await server.start();
    const port = (server as unknown as { port: number }).port;
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    // Other processes (the CLI while the app runs) connect here instead of opening the folder.
    writeFileSync(path.join(dir, URL_FILE), url, { mode: 0o600 });
    let stopped = false;
    return {
      url,
      dataDir,
      async stop() {
        if (stopped) return;
        stopped = true;
        rmSync(path.join(dir, URL_FILE), { force: true });
        await server.stop();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * The embedded database for a second process: served by the process that owns `dir` when one is running (its URL
 * comes from the owner), else opened here. `stop` only stops what this call opened.
 */
export async function openOrJoinEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  try {
    return await startEmbeddedDatabase(options);
  } catch (error) {
    const urlFile = path.join(path.resolve(options.dir), URL_FILE);
    if (!(error instanceof ConfigError) || !existsSync(urlFile)) throw error;
    return { url: readFileSync(urlFile, "utf8").trim(), dataDir: path.join(path.resolve(options.dir), "pg"), stop: async () => undefined };
  }
}

/** Takes the lock file or fails with one clear line naming the process that holds it. Returns the release function. */
function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new ConfigError(
          `The embedded database in ${path.dirname(lockPath)} is already open in another Enclave process (pid ${holder}); ` +
            "stop that process, or give this one its own ENCLAVE_DATA_DIR or a DATABASE_URL.",
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that crashed
    }
  }
  throw new ConfigError(`Could not take the lock ${lockPath}; remove it if no Enclave process is running.`);
}
