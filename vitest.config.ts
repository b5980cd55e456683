import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// Next's "server-only" guard throws outside a React Server Component bundle; under Vitest it is a no-op.
const serverOnly = { "server-only": path.resolve(import.meta.dirname, "tests/server-only-stub.ts") };
// next-auth imports "next/server" without an extension, which only a bundler resolves: let Vite process it.
const server = { deps: { inline: ["next-auth"] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { ...alias, ...serverOnly } },
        test: {
          name: "unit",
          server,
          include: ["{lib,scripts,app,components}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "**/node_modules/**"],
        },
      },
      {
        resolve: { alias: { ...alias, ...serverOnly } },
        test: {
          name: "integration",
          server,
          include: ["{lib,scripts,app}/**/*.int.test.{ts,tsx}"],
          globalSetup: ["tests/global-setup.ts"],
          // One retry instead of two: the AI SDK waits 2 s, then 4 s, between attempts.
          env: { ENCLAVE_EMBED_MAX_RETRIES: "1" },
          // One shared database: files run one after another so fixtures never race.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
