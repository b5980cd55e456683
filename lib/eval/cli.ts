import "server-only";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { jobScope } from "@/lib/auth/system";
import { getRun } from "@/lib/db/evaluation-runs";
import { findSetByName, listSets } from "@/lib/db/evaluation-sets";
import { AppError } from "@/lib/errors";
import { knowledgeBaseBySlug } from "@/lib/ingest/sources/cli-knowledge-bases";
import type { ImportFile, UnknownIdPolicy } from "./import";
import { importQuestions, importSummary } from "./import-set";
import { runEvaluationSlice } from "./run";
import { startRun, type RunSnapshot } from "./runs";
import { failedBars, metricLabel, SHOWN_METRICS, type RunMetrics } from "./summary";
import { describeVariant, variantSchema } from "./variant";

// `npm run eval -- --kb <slug> --set <name> …`: runs a stored set in this process (as the worker would), prints the
// metrics, and exits 1 when one falls below a bar given with --min-ndcg / --min-recall / --min-mrr, so a CI can gate.

export interface SetCommandOptions {
  kb: string;
  set: string;
  import?: string;
  unknownIds?: string;
  mode?: string;
  k?: string;
  floor?: string;
  chunkSize?: string;
  chunkOverlap?: string;
  model?: string;
  answers: boolean;
  minNdcg?: string;
  minRecall?: string;
  minMrr?: string;
  json: boolean;
}

/** Runs the command; returns the exit code (0 every bar met, 1 a bar failed or the run failed). */
export async function runSetCommand(options: SetCommandOptions, log: (line: string) => void): Promise<number> {
  const bars = { ndcg: bar(options.minNdcg, "--min-ndcg"), recall: bar(options.minRecall, "--min-recall"), mrr: bar(options.minMrr, "--min-mrr") };
  const parsedVariant = variantSchema.safeParse({ mode: options.mode, topK: options.k, relevanceFloor: options.floor, chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap, chatModel: options.model });
  if (!parsedVariant.success) {
    throw new AppError("invalid_input", parsedVariant.error.issues.map((issue) => `${FLAGS[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`).join("; "));
  }
  const kb = await knowledgeBaseBySlug(options.kb);
  const scope = jobScope(kb.id, "evaluation (command line)");

  let set = await findSetByName(scope, options.set);
  if (options.import) {
    const unknownIds = (options.unknownIds ?? "warn") as UnknownIdPolicy;
    if (unknownIds !== "warn" && unknownIds !== "reject") throw new AppError("invalid_input", "--unknown-ids must be warn or reject.");
    const report = await importQuestions(scope, set ? { setId: set.id } : { newSet: { name: options.set } }, readImportFiles(options.import), { unknownIds, createdById: null });
    log(importSummary(report));
    for (const note of report.notes) log(`note: ${note}`);
    for (const problem of report.errors.slice(0, 20)) log(`refused ${problem.where}: ${problem.message}`);
    for (const warning of report.warnings.slice(0, 20)) log(`warning ${warning.where}: ${warning.messages.join("; ")}`);
    set = await findSetByName(scope, options.set);
  }
  if (!set) {
    const names = (await listSets(scope)).map((existing) => JSON.stringify(existing.name));
    throw new AppError("not_found", `${kb.slug} has no evaluation set named ${JSON.stringify(options.set)}. ${names.length ? `Its sets: ${names.join(", ")}.` : "It has none yet: create one on its Evaluation page, or pass --import <file>."}`);
  }

  const run = await startRun(scope, set.id, parsedVariant.data, { withAnswers: options.answers, source: "cli", createdById: null, enqueue: async () => undefined });
  log(`==> Running ${set.name} (${run.total} questions) on ${kb.slug} with ${describeVariant(parsedVariant.data)}${options.answers ? ", with answers" : ""}`);
  let lastShown = 0;
  for (;;) {
    const slice = await runEvaluationSlice(run.id, {
      inline: true,
      onProgress: ({ processed, total }) => {
        if (processed - lastShown >= Math.max(1, Math.floor(total / 10)) || processed === total) log(`    ${(lastShown = processed)} of ${total}`);
      },
    });
    if (slice.isDone) break;
    await new Promise((resolve) => setTimeout(resolve, (slice.retryAfterSeconds ?? 1) * 1000));
  }
  const finished = await getRun(scope, run.id);
  for (const note of finished.notes as string[]) log(`note: ${note}`);
  if (finished.status !== "succeeded") {
    log(`The run ${finished.status}: ${finished.error ?? "no reason recorded"}`);
    return 1;
  }
  const metrics = finished.metrics as unknown as RunMetrics;
  const settings = finished.settings as unknown as RunSnapshot;
  log(`set ${set.name} · run ${finished.id} · ${metrics.questions} questions (${metrics.scored} with expected sources) · top-k ${metrics.k}`);
  for (const { key, label } of SHOWN_METRICS) {
    const value = metrics[key];
    if (value !== undefined) log(`  ${metricLabel(key, metrics.k).padEnd(18)} ${value.toFixed(4)}  ${label.replace("Recall@k", `Recall@${metrics.k}`)}`);
  }
  const failures = failedBars(metrics, bars);
  for (const failure of failures) log(`FAIL ${failure}`);
  if (options.json) {
    console.log(JSON.stringify({ kb: kb.slug, set: set.name, run: finished.id, mode: settings.mode, ...metrics, passed: failures.length === 0, failures }));
  }
  return failures.length ? 1 : 0;
}

const FLAGS: Record<string, string> = { mode: "--mode", topK: "--k", relevanceFloor: "--floor", chunkSize: "--chunk-size", chunkOverlap: "--chunk-overlap", chatModel: "--model" };

function bar(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new AppError("invalid_input", `${flag} must be a number from 0 to 1, not ${JSON.stringify(value)}.`);
  return number;
}

/** A CSV or JSONL file, or a BEIR folder (queries.jsonl and qrels.tsv or qrels/test.tsv). */
function readImportFiles(target: string): ImportFile[] {
  if (!existsSync(target)) throw new AppError("not_found", `${target} does not exist.`);
  if (!statSync(target).isDirectory()) return [{ name: path.basename(target), text: readFileSync(target, "utf8") }];
  const queries = path.join(target, "queries.jsonl");
  const qrels = [path.join(target, "qrels.tsv"), path.join(target, "qrels", "test.tsv")].find(existsSync);
  if (!existsSync(queries) || !qrels) throw new AppError("invalid_input", `${target} is not a BEIR folder: it needs queries.jsonl and qrels.tsv (or qrels/test.tsv).`);
  return [
    { name: "queries.jsonl", text: readFileSync(queries, "utf8") },
    { name: path.basename(qrels), text: readFileSync(qrels, "utf8") },
  ];
}
