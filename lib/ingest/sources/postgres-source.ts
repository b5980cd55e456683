import "server-only";
import pg from "pg";
import type { RowFilter, SqlSource } from "./sql-source";
import { subquery } from "./subquery";
import type { Watermark } from "./watermark";

const FETCH_SIZE = 500;
const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;

// The extended protocol accepts exactly one statement, so the operator's query cannot smuggle in a second one.
type ExtendedQuery = pg.QueryConfig & { queryMode: "extended" };

/** A PostgreSQL source read through a server-side cursor in one read-only, repeatable-read transaction. */
export async function openPostgresSource(url: URL): Promise<SqlSource> {
  const client = new pg.Client({ connectionString: url.toString(), application_name: "enclave-kb-sync", types: { getTypeParser } as pg.CustomTypesConfig });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async columns(query) {
      const result = await client.query({ text: `select * from ${subquery(query)} where false`, queryMode: "extended" } as ExtendedQuery);
      return result.fields.map((field) => field.name);
    },
    async *rows(query, filter?: RowFilter) {
      const select = `select * from ${subquery(query)}${filter ? ` where ${client.escapeIdentifier(filter.column)} > $1` : ""}`;
      await client.query({ text: `declare enclave_sync no scroll cursor for ${select}`, values: filter ? [bind(filter.after)] : [], queryMode: "extended" } as ExtendedQuery);
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(`fetch ${FETCH_SIZE} from enclave_sync`);
        yield* rows;
        if (rows.length < FETCH_SIZE) break;
      }
      await client.query("close enclave_sync");
    },
    async close() {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.end();
    },
  };
}

// Timestamps without a time zone are read as UTC (not as this machine's local time), and bound back as UTC ISO
// text, whose offset PostgreSQL ignores for that type: the round trip is exact whatever the process's TZ.
function bind(watermark: Watermark): string | number {
  return watermark.value;
}

function getTypeParser(oid: number, format?: "text" | "binary") {
  if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
  // A calendar date has no time zone: kept as "2024-05-01" instead of local midnight.
  if (oid === DATE_OID) return (text: string) => text;
  return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
}

function parseUtcTimestamp(text: string): Date | string {
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text)) return text; // infinity, BC, years past 9999
  return new Date(`${text.replace(" ", "T")}Z`);
}
