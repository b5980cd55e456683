// `npm run eval -- --dataset <BEIR folder> --mode lexical|dense|hybrid [--k 10] [--json]`: ingests the corpus into a
// scratch knowledge base (reused: unchanged documents cost nothing), runs every judged query through the same retrieve()
// chat uses, ranks documents by their best chunk, and prints nDCG@10, Recall@10, Recall@100 and MRR@10.
// `npm run eval -- --kb <slug> --set <name> [...]`: runs a stored evaluation set of a knowledge base (lib/eval/cli.ts)
// and exits 1 when a metric falls below a --min-ndcg / --min-recall / --min-mrr bar.
import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { defaultModelSettings } from "@/lib/ai/providers";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { openDatabaseForCli } from "@/lib/db/cli";
import { loadBeirDataset } from "@/lib/eval/beir";
import { runSetCommand } from "@/lib/eval/cli";
import { scoreRuns } from "@/lib/eval/metrics";
import { stopQueue } from "@/lib/ingest/queue";
import { submitItems } from "@/lib/ingest/submit";
import { rankDocuments, retrieve, type RetrievalMode } from "@/lib/rag/retrieve";

const USAGE = `usage: npm run eval -- --dataset <dir in BEIR layout> --mode lexical|dense|hybrid [--k 10] [--json]
       npm run eval -- --kb <slug> --set <name> [--import <csv|jsonl|BEIR folder>] [--unknown-ids warn|reject]
                       [--mode auto|hybrid|lexical|dense] [--k <top-k>] [--floor <0..1>] [--chunk-size <tokens>]
                       [--chunk-overlap <tokens>] [--model <chat model>] [--answers]
                       [--min-ndcg <0..1>] [--min-recall <0..1>] [--min-mrr <0..1>] [--json]`;
const MODES: readonly RetrievalMode[] = ["lexical", "dense", "hybrid"];
const OPTIONS = {
  dataset: { type: "string" },
  mode: { type: "string" },
  k: { type: "string" },
  json: { type: "boolean", default: false },
  kb: { type: "string" },
  set: { type: "string" },
  import: { type: "string" },
  "unknown-ids": { type: "string" },
  floor: { type: "string" },
  "chunk-size": { type: "string" },
  "chunk-overlap": { type: "string" },
  model: { type: "string" },
  answers: { type: "boolean", default: false },
  "min-ndcg": { type: "string" },
  "min-recall": { type: "string" },
  "min-mrr": { type: "string" },
} satisfies ParseArgsConfig["options"];

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const log = (line: string) => (values.json ? process.stderr.write(`${line}\n`) : console.log(line));
  if (values.kb !== undefined || values.set !== undefined) {
    if (!values.kb || !values.set || values.dataset) {
      console.error(USAGE);
      return 2;
    }
    const database = await openDatabaseForCli();
    try {
      return await runSetCommand(
        {
          kb: values.kb, set: values.set, import: values.import, unknownIds: values["unknown-ids"], mode: values.mode, k: values.k, floor: values.floor,
          chunkSize: values["chunk-size"], chunkOverlap: values["chunk-overlap"], model: values.model, answers: values.answers,
          minNdcg: values["min-ndcg"], minRecall: values["min-recall"], minMrr: values["min-mrr"], json: values.json,
        },
        log,
      );
    } finally {
      await stopQueue();
      await db().$disconnect();
      await database.close();
    }
  }
  const mode = (values.mode ?? "hybrid") as RetrievalMode;
  if (!values.dataset || !MODES.includes(mode)) {
    console.error(USAGE);
    return 2;
  }
  const dataset = loadBeirDataset(values.dataset);
  const database = await openDatabaseForCli();
  try {
    const models = defaultModelSettings();
    const kb = await scratchKnowledgeBase(path.resolve(values.dataset), models);
    const scope = jobScope(kb.id, "evaluation");
    const started = performance.now();
    log(`==> Ingesting ${dataset.corpus.length} documents of ${dataset.name} into ${kb.slug} (unchanged ones are skipped)`);
    await submitItems(
      scope,
      "import",
      dataset.corpus.map((doc) => ({ action: "upsert", sourceId: doc.sourceId, title: doc.title, content: doc.content, metadata: {} })),
      { source: "cli", details: { evaluation: dataset.name }, createdById: null, runInline: true, shouldEmbed: mode !== "lexical" },
    );
    log(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const settings = { ...kb, apiKey: null };
    const runs = [];
    const notices = new Set<string>();
    const latencies: number[] = [];
    for (const query of dataset.queries) {
      const t0 = performance.now();
      const result = await retrieve(scope, settings, query.text, { mode, k: 100, candidates: 400, isRaw: true });
      latencies.push(performance.now() - t0);
      if (result.notice) notices.add(result.notice);
      runs.push({ ranked: rankDocuments(result.passages).slice(0, 100), judged: dataset.qrels.get(query.id)! });
    }
    for (const notice of notices) log(`note: ${notice}`);
    const scores = scoreRuns(runs);
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    log(`dataset ${dataset.name} · mode ${mode} · ${scores.queries} queries · retrieval p50 ${percentile(0.5).toFixed(1)} ms, p95 ${percentile(0.95).toFixed(1)} ms`);
    for (const [metric, value] of Object.entries(scores)) if (metric !== "queries") log(`  ${metric.padEnd(11)} ${value.toFixed(4)}`);
    if (values.json) console.log(JSON.stringify({ dataset: dataset.name, mode, ...scores }));
    return 0;
  } finally {
    await stopQueue();
    await db().$disconnect();
    await database.close();
  }
}

/** The scratch knowledge base of a dataset folder and embedding model, created on first use (team "Evaluation"). */
async function scratchKnowledgeBase(datasetDir: string, models: ReturnType<typeof defaultModelSettings>) {
  const key = createHash("sha256").update(`${datasetDir}\0${models.embeddingBaseUrl}\0${models.embeddingModel}\0${models.embeddingDimension}`).digest("hex").slice(0, 10);
  const slug = `eval-${path.basename(datasetDir).toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40)}-${key}`;
  const existing = await db().knowledgeBase.findUnique({ where: { slug } });
  if (existing) return existing;
  const team = await db().team.upsert({ where: { name: "Evaluation" }, create: { name: "Evaluation" }, update: {} });
  return db().knowledgeBase.create({ data: { slug, name: `Evaluation: ${path.basename(datasetDir)}`, teamId: team.id, ...models } });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`enclave: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
