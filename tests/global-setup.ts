import { createTestDatabase, type TestDatabase } from "./test-database";

let database: TestDatabase | undefined;

/** One throwaway, migrated database for the integration tests; workers find it in DATABASE_URL. */
export async function setup() {
  process.env.ENCLAVE_TEST_SERVER_URL = process.env.DATABASE_URL ?? "";
  database = await createTestDatabase("test");
  process.env.DATABASE_URL = database.url;
  console.log(`integration tests use ${database.isEmbedded ? "a throwaway embedded database" : "a throwaway PostgreSQL database"}`);
}

export async function teardown() {
  await database?.drop();
}
