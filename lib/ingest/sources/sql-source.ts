import "server-only";
import { AppError } from "@/lib/errors";
import { openMysqlSource } from "./mysql-source";
import { openPostgresSource } from "./postgres-source";
import { redactPassword, type SourceLocation } from "./source-url";
import type { Watermark } from "./watermark";

// A read-only view of an organisation's database. The operator's query runs inside a read-only transaction on
// its own connection; the only thing added to it is a wrapper (`select * from (<query>) as src where <column> > ?`)
// whose column is escaped by the driver and whose value is a bound parameter.

export interface RowFilter {
  /** A column the query returns (checked by the caller against `columns`). */
  column: string;
  after: Watermark;
}

export interface SqlSource {
  /** The names of the columns the query returns, in order. */
  columns(query: string): Promise<string[]>;
  /** The query's rows, fetched in batches so they never all sit in memory. */
  rows(query: string, filter?: RowFilter): AsyncIterable<Record<string, unknown>>;
  /** Ends the read-only transaction and the connection; safe to call more than once. */
  close(): Promise<void>;
}

/** Connects to a source; connection errors never carry its password. */
export async function openSqlSource(location: SourceLocation): Promise<SqlSource> {
  try {
    const source = location.kind === "postgresql" ? await openPostgresSource(location.url) : await openMysqlSource(location.url);
    return withRedactedErrors(source, location);
  } catch (error) {
    throw sourceError(error, location);
  }
}

function withRedactedErrors(source: SqlSource, location: SourceLocation): SqlSource {
  let closed: Promise<void> | undefined;
  return {
    columns: (query) => source.columns(query).catch((error: unknown) => Promise.reject(sourceError(error, location))),
    async *rows(query, filter) {
      try {
        yield* source.rows(query, filter);
      } catch (error) {
        throw sourceError(error, location);
      }
    },
    close: () => (closed ??= source.close()),
  };
}

function sourceError(error: unknown, location: SourceLocation): Error {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${location.display}: ${redactPassword(message, location.password)}`);
}
