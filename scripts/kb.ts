// `npm run kb -- <command>`: knowledge-base operations for an operator on the server (sync from a database, import a
// file, delete documents, list). Runs the ingestion job in this process with a progress bar on a terminal.
// Exit codes: 0 done (single documents may still have failed: see the summary), 1 the job or the run failed,
// 2 the command line is wrong, 130 interrupted.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { db } from "@/lib/db/client";
import { openDatabaseForCli } from "@/lib/db/cli";
import { AppError } from "@/lib/errors";
import { knowledgeBaseBySlug, listKnowledgeBasesWithCounts } from "@/lib/ingest/sources/cli-knowledge-bases";
import { failureLines, number, progressLine, summaryLine } from "@/lib/ingest/sources/cli-report";
import { deleteBySourceIds } from "@/lib/ingest/sources/delete-by-source-ids";
import { importFile } from "@/lib/ingest/sources/file-import";
import { handOverToWorkers, type JobReport } from "@/lib/ingest/sources/run-staged-job";
import { syncFromSql } from "@/lib/ingest/sources/sql-sync";

const USAGE = `usage: npm run kb -- <command>

  sync <kb> --source <url> --query <sql> [options]
      Ingest the rows of a query on a PostgreSQL, MySQL or MariaDB database (read-only transaction, streamed).
      --source <url>            postgresql://user:password@host:5432/db, mysql://… or mariadb://…
      --query <sql>             one SELECT; its columns are mapped as below
      --id-column <name>        the document id (default: id)
      --title-column <name>     the title (default: title when the query has it, else the id)
      --content-column <name>   the text to index (default: content)
      --metadata-columns <a,b>  columns kept as metadata (default: every other column; "" for none)
      --updated-column <name>   when a row last changed (needed by the two options below)
      --incremental             only rows changed since the last incremental run of this query
      --updated-since <date>    only rows changed after this ISO date or time, once
      --delete-missing          full syncs only: delete documents whose ids the query no longer returns
  import <kb> <file> [--id-field f] [--title-field f] [--content-field f] [--metadata-field f] [--source-id id]
      Ingest a JSON, JSONL, CSV, Markdown, text, HTML, PDF or DOCX file, parsed as an upload is.
  delete <kb> <id>...        Delete documents by id.
  list                       Knowledge bases with their document counts.
  help                       This text.`;

class UsageError extends Error {}

const SYNC_OPTIONS = {
  source: { type: "string" },
  query: { type: "string" },
  "id-column": { type: "string" },
  "title-column": { type: "string" },
  "content-column": { type: "string" },
  "metadata-columns": { type: "string" },
  "updated-column": { type: "string" },
  "updated-since": { type: "string" },
  incremental: { type: "boolean", default: false },
  "delete-missing": { type: "boolean", default: false },
} satisfies ParseArgsConfig["options"];

const IMPORT_OPTIONS = {
  "id-field": { type: "string" },
  "title-field": { type: "string" },
  "content-field": { type: "string" },
  "metadata-field": { type: "string" },
  "source-id": { type: "string" },
} satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseSince(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const isIso = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(text);
  const date = new Date(text);
  if (!isIso || Number.isNaN(date.getTime())) throw new UsageError(`--updated-since must be an ISO date or time such as 2024-05-01 or 2024-05-01T12:00:00Z, not ${JSON.stringify(text)}.`);
  return date;
}

/** Progress on stderr when it is a terminal: rows read, then documents ingested per second. */
function progressHooks(onJobStaged: (jobId: string) => void) {
  const isTty = process.stderr.isTTY === true;
  let lastDrawn = 0;
  let startedAt = 0;
  const draw = (text: string, force = false) => {
    if (!isTty || (!force && Date.now() - lastDrawn < 100)) return;
    lastDrawn = Date.now();
    process.stderr.write(`\r\x1b[K${text}`);
  };
  return {
    onRowsRead: (rows: number) => draw(`reading the source: ${number(rows)} rows`),
    onJobStaged: (jobId: string) => {
      startedAt = Date.now();
      onJobStaged(jobId);
    },
    onProgress: ({ processed, total }: { processed: number; total: number }) => draw(progressLine(processed, total, startedAt), processed >= total),
    clear: () => isTty && process.stderr.write("\r\x1b[K"),
  };
}

function printReport(report: JobReport, refused?: Parameters<typeof failureLines>[1]): number {
  const failures = failureLines(report, refused);
  if (failures.length > 0) console.log(["Failed:", ...failures.map((line) => `  ${line}`)].join("\n"));
  if (report.status === "succeeded" && report.error) console.log(`Note: ${report.error}`);
  console.log(summaryLine(report.counts, refused?.invalidRows ?? 0));
  if (report.status === "succeeded") return 0;
  console.error(`enclave: job ${report.jobId} ${report.status}${report.error ? `: ${report.error}` : "."}`);
  return 1;
}

type Hooks = ReturnType<typeof progressHooks>;

/** Checks the command line (before any database is opened) and returns the work to do. */
function plan(command: string, args: string[]): (hooks: Hooks, signal: AbortSignal) => Promise<number> {
  switch (command) {
    case "sync": {
      const { values, positionals } = parse(args, SYNC_OPTIONS);
      if (positionals.length !== 1 || !values.source || !values.query) throw new UsageError("sync needs one knowledge base, --source and --query.");
      const isFiltered = values.incremental || values["updated-since"] !== undefined;
      if (values["delete-missing"] && isFiltered) throw new UsageError("--delete-missing only works on a full sync, not with --incremental or --updated-since: those runs do not see unchanged rows.");
      if (isFiltered && !values["updated-column"]) throw new UsageError("--incremental and --updated-since need --updated-column.");
      const updatedSince = parseSince(values["updated-since"]);
      const metadata = values["metadata-columns"]?.split(",").map((column) => column.trim()).filter(Boolean);
      const columns = { id: values["id-column"], title: values["title-column"], content: values["content-column"], updated: values["updated-column"], metadata };
      const request = { sourceUrl: values.source, query: values.query, columns, updatedSince, isIncremental: values.incremental, shouldDeleteMissing: values["delete-missing"] };
      return async (hooks, signal) => {
        const knowledgeBase = await knowledgeBaseBySlug(positionals[0]!);
        const report = await syncFromSql(knowledgeBase, request, { ...hooks, signal });
        hooks.clear();
        console.log(`Synced ${report.source} into ${knowledgeBase.slug}: ${number(report.rowsRead)} ${report.rowsRead === 1 ? "row" : "rows"} read${report.since ? ` (changed after ${report.since.value})` : ""}, job ${report.jobId}.`);
        return printReport(report, report);
      };
    }
    case "import": {
      const { values, positionals } = parse(args, IMPORT_OPTIONS);
      if (positionals.length !== 2) throw new UsageError("import needs a knowledge base and one file.");
      const mapping = { id: values["id-field"], title: values["title-field"], content: values["content-field"], metadata: values["metadata-field"] };
      return async (hooks) => {
        const knowledgeBase = await knowledgeBaseBySlug(positionals[0]!);
        const report = await importFile(knowledgeBase, { path: positionals[1]!, mapping, sourceId: values["source-id"] }, hooks);
        hooks.clear();
        console.log(`Imported ${report.file} (${report.format}) into ${knowledgeBase.slug}, job ${report.jobId}.`);
        return printReport(report, report);
      };
    }
    case "delete": {
      const { positionals } = parse(args, {});
      if (positionals.length < 2) throw new UsageError("delete needs a knowledge base and at least one id.");
      return async (hooks) => {
        const knowledgeBase = await knowledgeBaseBySlug(positionals[0]!);
        const report = await deleteBySourceIds(knowledgeBase, positionals.slice(1), hooks);
        hooks.clear();
        return printReport(report);
      };
    }
    case "list": {
      const { positionals } = parse(args, {});
      if (positionals.length > 0) throw new UsageError("list takes no arguments.");
      return async () => {
        const rows = await listKnowledgeBasesWithCounts();
        if (rows.length === 0) console.log("No knowledge bases yet.");
        const width = Math.max(4, ...rows.map((row) => row.slug.length));
        for (const row of rows) console.log(`${row.slug.padEnd(width)}  ${number(row.documents).padStart(9)} documents  ${row.name} (team ${row.team})`);
        return 0;
      };
    }
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const work = plan(command, args);
  const controller = new AbortController();
  let jobId: string | undefined;
  let isInterrupted = false;
  process.on("SIGINT", () => {
    if (isInterrupted) process.exit(130);
    isInterrupted = true;
    if (!jobId) return controller.abort();
    // Every item takes effect exactly once, so the app's workers can safely finish what this process started.
    console.error(`\nenclave: interrupted; job ${jobId} is handed to the app's background workers to finish.`);
    void handOverToWorkers(jobId).finally(() => process.exit(130));
  });
  const hooks = progressHooks((id) => (jobId = id));
  const database = await openDatabaseForCli();
  try {
    return await work(hooks, controller.signal);
  } catch (error) {
    hooks.clear();
    if (isInterrupted) return 130;
    throw error;
  } finally {
    await db().$disconnect();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const isUsage = error instanceof UsageError || (error instanceof AppError && (error.code === "invalid_input" || error.code === "not_found"));
    console.error(`enclave: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error("Run `npm run kb -- help` for the options.");
    process.exit(isUsage ? 2 : 1);
  },
);
