// bench:chat's report: the tables, then one JSON line with every figure.
import os from "node:os";
import { STEPS, type StepName } from "./chat-breakdown";
import type { ChatCorpus } from "./chat-corpus";
import { table, type Summary } from "./stats";

export interface OverheadRun {
  answered: number;
  refused: number;
  failed: number;
  enclave: Summary;
  direct: Summary;
  overhead: Summary;
  serverRetrieval: Summary;
}

export interface Wave {
  chats: number;
  completed: number;
  errors: string[];
  seconds: number;
  ttft: Summary;
  rssPeakMb?: number;
  rssAfterMb?: number;
}

export interface ConcurrencyRun {
  rssBeforeMb: number;
  waves: Wave[];
}

export interface ChatBenchResult {
  corpus: ChatCorpus;
  sequential: OverheadRun;
  breakdown: Record<StepName, Summary>;
  concurrent: ConcurrencyRun;
}

/** Prints bench:chat's tables and, last, its JSON line. */
export function printChatReport(
  result: ChatBenchResult,
  context: { isEmbedded: boolean; asked: number; loadAtStart: number; targetP95Ms: number },
  log: (line: string) => void,
): void {
  const { corpus, sequential, breakdown, concurrent } = result;
  const { loadAtStart, targetP95Ms } = context;
  const row = (label: string, s: Summary) => [label, s.p50, s.p95, s.mean, s.max];
  log("");
  log(`Load average of this machine (1 min) at the start ${loadAtStart.toFixed(1)}, at the end ${os.loadavg()[0]!.toFixed(1)}, on ${os.cpus().length} cores.`);
  log(`Time to first token, ${sequential.answered} answered questions (${sequential.refused} refused without a model call, ${sequential.failed} failed), ${corpus.chunks.toLocaleString("en")} passages, ms`);
  log(
    table([
      ["", "p50", "p95", "mean", "max"],
      row("through Enclave (POST /api/chat)", sequential.enclave),
      row("model server directly, same prompt", sequential.direct),
      row("overhead (Enclave - direct)", sequential.overhead),
      row("  server-side: request start to passages", sequential.serverRetrieval),
    ]),
  );
  log(`Target: p95 overhead under ${targetP95Ms} ms: ${sequential.overhead.p95 < targetP95Ms ? "met" : "MISSED"}.`);
  log("");
  log("Where the time goes (each step alone, in-process, ms)");
  log(table([["", "p50", "p95", "mean", "max"], ...Object.entries(STEPS).flatMap(([step, label]) => (breakdown[step as StepName] ? [row(label, breakdown[step as StepName])] : []))]));
  log("");
  log(`Concurrent chats through the app (its RSS before: ${concurrent.rssBeforeMb} MB)`);
  log(
    table([
      ["wave", "chats", "completed", "errors", "seconds", "TTFT p50", "TTFT p95", "RSS peak MB", "RSS after MB"],
      ...concurrent.waves.map((w, i) => [String(i + 1), String(w.chats), String(w.completed), String(w.errors.length), w.seconds, w.ttft.p50, w.ttft.p95, String(w.rssPeakMb), String(w.rssAfterMb)]),
    ]),
  );
  for (const error of new Set(concurrent.waves.flatMap((wave) => wave.errors))) log(`    error: ${error}`);
  const json = {
    benchmark: "chat",
    loadAverage: { start: loadAtStart, end: os.loadavg()[0], cores: os.cpus().length },
    database: context.isEmbedded ? "pglite" : "postgresql",
    corpus,
    questions: { asked: context.asked, answered: sequential.answered, refused: sequential.refused, failed: sequential.failed },
    ttftMs: { enclave: sequential.enclave, direct: sequential.direct },
    overheadMs: { ...sequential.overhead, targetP95: targetP95Ms, isTargetMet: sequential.overhead.p95 < targetP95Ms },
    breakdownMs: breakdown,
    concurrency: concurrent,
  };
  log("");
  log(JSON.stringify(json));
}
