import "server-only";
import mysql from "mysql2";
import type { RowFilter, SqlSource } from "./sql-source";
import { subquery } from "./subquery";
import type { Watermark } from "./watermark";

const STREAM_BUFFER = 500;

/**
 * A MySQL or MariaDB source, read as a stream in one read-only transaction with a consistent snapshot. Statements
 * are prepared by the server (one statement each, values bound), and the session runs in UTC so DATETIME and
 * TIMESTAMP values mean the same whatever this machine's time zone.
 */
export async function openMysqlSource(url: URL): Promise<SqlSource> {
  const connection = mysql.createConnection({
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
    // Only TLS is taken from the URL's parameters: nothing there may switch on multiple statements.
    ...tlsOption(url),
    timezone: "Z",
    dateStrings: ["DATE"],
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    charset: "utf8mb4",
    connectTimeout: 10_000,
  });
  // Fatal connection errors also reject the running statement; without a listener they would crash the process.
  connection.on("error", () => undefined);
  const session = connection.promise();
  let isStreaming = false;
  try {
    await session.connect();
    await session.query("SET time_zone = '+00:00'");
    await session.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  } catch (error) {
    connection.destroy();
    throw error;
  }
  return {
    async columns(query) {
      const [, fields] = await session.execute(`select * from ${subquery(query)} limit 0`);
      return (fields ?? []).map((field) => field.name);
    },
    async *rows(query, filter?: RowFilter) {
      const select = `select * from ${subquery(query)}${filter ? ` where ${mysql.escapeId(filter.column, true)} > ?` : ""}`;
      isStreaming = true;
      const stream = connection.execute(select, filter ? [bind(filter.after)] : []).stream({ highWaterMark: STREAM_BUFFER });
      for await (const row of stream) yield row as Record<string, unknown>;
      isStreaming = false;
    },
    async close() {
      // A result abandoned half-way cannot be rolled back on this connection: drop it (the server rolls back).
      if (isStreaming) return connection.destroy();
      await session.query("ROLLBACK").catch(() => undefined);
      await session.end().catch(() => connection.destroy());
    },
  };
}

// With the session in UTC, a Date parameter is sent as UTC wall-clock time, matching how values were read.
function bind(watermark: Watermark): Date | number | string {
  switch (watermark.type) {
    case "date":
      return new Date(watermark.value);
    case "integer":
      return Number.isSafeInteger(Number(watermark.value)) ? Number(watermark.value) : watermark.value;
    default:
      return watermark.value;
  }
}

function tlsOption(url: URL): { ssl?: string | Record<string, unknown> } {
  const ssl = url.searchParams.get("ssl");
  if (ssl === null) return {};
  try {
    const parsed: unknown = JSON.parse(ssl);
    return typeof parsed === "object" && parsed !== null ? { ssl: parsed as Record<string, unknown> } : {};
  } catch {
    return { ssl };
  }
}
