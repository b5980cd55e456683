import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { migrate, readMigrations } from "./migrate";

describe("migrate", () => {
  let fresh: TestDatabase;
  beforeAll(async () => {
    fresh = await createTestDatabase("migrate");
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("applies on a fresh database and is a no-op the second time", async () => {
    const shipped = await readMigrations();
    expect(shipped.map((m) => m.name)).toContain("0001_init");
    // createTestDatabase migrated once already; twice more must change nothing.
    const second = await migrate(fresh.url);
    const third = await migrate(fresh.url);
    expect(second).toEqual({ applied: [], alreadyApplied: shipped.map((m) => m.name) });
    expect(third).toEqual(second);
    const rows = await query(fresh.url, `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows).toEqual(shipped.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it("refuses a migration edited after it was applied", async () => {
    const shipped = await readMigrations();
    const edited = shipped.map((m) => ({ ...m, checksum: "0".repeat(64) }));
    await expect(migrate(fresh.url, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls a failing migration back entirely and records nothing", async () => {
    const broken = { name: "9999_broken", checksum: "f".repeat(64), sql: "CREATE TABLE half_done (id int); SELECT no_such_function();" };
    await expect(migrate(fresh.url, [broken])).rejects.toThrow(/9999_broken failed and was rolled back/);
    expect(await query(fresh.url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    expect(await query(fresh.url, `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '9999_broken'`)).toEqual([{ n: 0 }]);
  });

  it("creates the vector extension and the indexes retrieval relies on", async () => {
    const indexes = await query(fresh.url, "SELECT indexname FROM pg_indexes WHERE tablename IN ('chunks', 'chunk_terms') ORDER BY indexname");
    expect(indexes.map((row) => row.indexname)).toEqual(
      expect.arrayContaining(["chunk_terms_pkey", "chunks_embedding_384_idx", "chunks_embedding_768_idx"]),
    );
    expect(await query(fresh.url, "SELECT extname FROM pg_extension WHERE extname = 'vector'")).toEqual([{ extname: "vector" }]);
  });
});

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
