import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, env } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { sessionOptions } from "./session-settings";

export type { Prisma } from "./generated/client";

const globalForPrisma = globalThis as unknown as { enclavePrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl(),
    max: env().ENCLAVE_DB_POOL_MAX,
    // A restarted database drops every pooled connection; idle ones are recycled instead of failing the next query.
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    options: sessionOptions(),
  });
  // Prisma's own error messages echo every query parameter; callers log our error codes, not these.
  // A transaction waits for a pooled connection as long as a plain query would, not Prisma's default 2 s: under a burst
  // of chats (bench:chat, 50 at once on a pool of 10) the short wait failed answers with P2028 that waiting would serve.
  return new PrismaClient({ adapter, errorFormat: "minimal", transactionOptions: { maxWait: 15_000 } });
}

/** The one Prisma client of this process (reused across Next's hot reloads). */
export function db(): PrismaClient {
  globalForPrisma.enclavePrisma ??= createClient();
  return globalForPrisma.enclavePrisma;
}
