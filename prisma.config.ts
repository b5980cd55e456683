import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema engine before every command, and this project must build offline.
// `generate`, `validate` and `format` run on the bundled wasm once the variable points at any existing file;
// migrations are applied by scripts/migrate.ts instead (see prisma/README.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("package.json");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // env() throws when the variable is unset, which would break `prisma generate` on a fresh clone.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/enclave" },
});
