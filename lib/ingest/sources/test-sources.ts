// Test-only (imported by *.int.test.ts, never by the app): throwaway source tables in the MariaDB/MySQL and
// PostgreSQL servers of this machine, with their own user and password so tests can check the password never leaks.
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";

export interface SourceRow {
  id: string;
  title: string | null;
  content: string | null;
  updatedAt: Date;
  dept: string;
}

export interface SourceFixture {
  kind: "mariadb" | "postgresql";
  table: string;
  /** Where the table lives, with a password in it. */
  url: string;
  password: string;
  insert(rows: SourceRow[]): Promise<void>;
  update(id: string, change: { content: string; updatedAt: Date }): Promise<void>;
  remove(id: string): Promise<void>;
  tableExists(): Promise<boolean>;
  drop(): Promise<void>;
}

const MYSQL_URL = process.env.ENCLAVE_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const unique = () => randomBytes(4).toString("hex");

/** True when a test server answers; in CI a missing server fails the tests instead of skipping them. */
export async function isReachable(open: () => Promise<{ close(): Promise<void> }>, what: string): Promise<boolean> {
  try {
    await (await open()).close();
    return true;
  } catch (error) {
    if (process.env.CI && process.env.CI !== "false") throw error;
    console.warn(`!! skipping ${what} tests: ${(error as Error).message}`);
    return false;
  }
}

export const mariadbReachable = () => isReachable(async () => wrapMysql(await mysql.createConnection(MYSQL_URL)), `MariaDB/MySQL source (${MYSQL_URL})`);
export const postgresReachable = () =>
  isReachable(async () => {
    const client = new pg.Client({ connectionString: postgresServerUrl() });
    await client.connect();
    return { close: () => client.end() };
  }, "PostgreSQL source");

/** A table in MariaDB's `test` database, readable by a fresh user with a password. */
export async function createMariadbSource(): Promise<SourceFixture> {
  const admin = await mysql.createConnection(MYSQL_URL);
  const table = `kb_src_${unique()}`;
  const user = `kb_${unique()}`;
  const password = `my-Secret-${unique()}`;
  const database = new URL(MYSQL_URL).pathname.slice(1);
  await admin.query(`CREATE TABLE ${table} (id VARCHAR(1000) NOT NULL, title TEXT, content TEXT, updated_at DATETIME(3) NOT NULL, dept VARCHAR(50)) CHARACTER SET utf8mb4`);
  for (const host of ["%", "localhost"]) {
    await admin.query("CREATE USER ?@? IDENTIFIED BY ?", [user, host, password]);
    await admin.query(`GRANT SELECT ON ${mysql.escapeId(database)}.* TO ?@?`, [user, host]);
  }
  const url = new URL(MYSQL_URL);
  url.username = user;
  url.password = password;
  return {
    kind: "mariadb",
    table,
    url: url.toString(),
    password,
    async insert(rows) {
      for (const row of rows) await admin.execute(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?)`, [row.id, row.title, row.content, row.updatedAt, row.dept]);
    },
    async update(id, change) {
      await admin.execute(`UPDATE ${table} SET content = ?, updated_at = ? WHERE id = ?`, [change.content, change.updatedAt, id]);
    },
    async remove(id) {
      await admin.execute(`DELETE FROM ${table} WHERE id = ?`, [id]);
    },
    async tableExists() {
      const [rows] = await admin.query("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [database, table]);
      return (rows as unknown[]).length === 1;
    },
    async drop() {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      for (const host of ["%", "localhost"]) await admin.query("DROP USER IF EXISTS ?@?", [user, host]);
      await admin.end();
    },
  };
}

/** A table in a throwaway database on the PostgreSQL server the tests use (a real server, never the embedded one). */
export async function createPostgresSource(): Promise<SourceFixture> {
  const serverUrl = postgresServerUrl();
  const database = `kbsrc_${process.pid}_${unique()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  // Under trust authentication any password is accepted, which is enough to check it never shows.
  if (!url.password) url.password = `pg-Secret-${unique()}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const table = `kb_src_${unique()}`;
  await client.query(`CREATE TABLE ${table} (id TEXT NOT NULL, title TEXT, content TEXT, updated_at TIMESTAMP(3) NOT NULL, dept TEXT)`);
  // Timestamps without a time zone are written as UTC wall-clock time, as the source reads them.
  const utc = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");
  return {
    kind: "postgresql",
    table,
    url: url.toString(),
    password: decodeURIComponent(url.password),
    async insert(rows) {
      for (const row of rows) await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5)`, [row.id, row.title, row.content, utc(row.updatedAt), row.dept]);
    },
    async update(id, change) {
      await client.query(`UPDATE ${table} SET content = $1, updated_at = $2 WHERE id = $3`, [change.content, utc(change.updatedAt), id]);
    },
    async remove(id) {
      await client.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    },
    async tableExists() {
      const { rows } = await client.query("SELECT to_regclass($1) AS name", [table]);
      return rows[0]?.name !== null;
    },
    async drop() {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

// The server the integration run uses when it has one (ENCLAVE_TEST_SERVER_URL); otherwise this machine's.
function postgresServerUrl(): string {
  return process.env.ENCLAVE_TEST_SERVER_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}

function wrapMysql(connection: mysql.Connection) {
  return { close: () => connection.end() };
}
