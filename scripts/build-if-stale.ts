import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// `npm start` must work right after `npm install` and after `git pull`, so it builds when the sources differ
// from the ones the last build saw (a fingerprint of paths, sizes and modification times; ~1 ms for the tree).

const SOURCES = ["app", "lib", "components", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "proxy.ts", "instrumentation.ts", "prisma/schema.prisma"];
const IGNORED = new Set(["node_modules", "generated", ".next"]);

/** Runs `next build` unless the existing build was made from the current sources (or `force`). */
export async function buildIfStale(root: string, log: (line: string) => void, force = false): Promise<void> {
  const stamp = path.join(root, ".next", "enclave-build-fingerprint");
  const fingerprint = fingerprintOf(root);
  const isBuilt = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stamp);
  if (!force && isBuilt && readFileSync(stamp, "utf8") === fingerprint) return;
  log("==> Building the app (first start, or the sources changed; takes about a minute)");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal})`);
  writeFileSync(stamp, fingerprint);
}

function fingerprintOf(root: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    const stat = statSync(absolute);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) if (!IGNORED.has(entry)) visit(path.join(relative, entry));
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  SOURCES.forEach(visit);
  return hash.digest("hex");
}

// `npm run build`: always builds, and stamps the build so `npm start` will not build again. With --if-stale, only when
// the sources changed (what `npm start` would do; `npm test` runs it beside the unit and integration tests).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildIfStale(path.resolve(import.meta.dirname, ".."), (line) => console.log(line), !process.argv.includes("--if-stale"));
}
