// `npm run bench:chat`: Enclave's latency cost on top of the model. A knowledge base of 100k passages on a throwaway
// database (created on the PostgreSQL server of DATABASE_URL, dropped at the end), the fake model server and the real
// app (`next start`) in processes of their own; then
//   1. 200 questions, one at a time, through POST /api/chat (the route the browser uses: session check, persistence,
//      retrieval, budgeting, streaming), each followed by the very request Enclave sent to the model, sent again
//      directly: time to first token through Enclave minus time to first token from the model is the overhead;
//   2. the same questions through the chat's steps timed one by one in this process (where the overhead goes);
//   3. waves of 50 concurrent chats: all must complete without error, and the app's memory must stay bounded.
// Not a test: it prints tables and, last, one JSON line. Options: --questions, --chunks, --concurrency, --waves,
// --token-delay-ms (model pace during the concurrent waves), and --app-dir <dir> (with --skip-build to use its build
// as it is) to run the app of a copy of the tree, so that building does not replace the .next of a working tree
// others are testing in.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { loadBeirDataset } from "@/lib/eval/beir";
import { createTestDatabase } from "@/tests/test-database";
import { timeSteps, type StepName } from "./bench/chat-breakdown";
import { askEnclave, askModel, setTokenDelay, takeModelRequests } from "./bench/chat-clients";
import { signIn, startApp, startModelServer, type Child } from "./bench/chat-app";
import { buildChatCorpus } from "./bench/chat-corpus";
import { printChatReport, type ChatBenchResult, type ConcurrencyRun, type OverheadRun, type Wave } from "./bench/chat-report";
import { sampleRss, treeRssMb } from "./bench/process-memory";
import { DEFAULT_SCIFACT_DIR } from "./bench/scifact";
import { summarize, type Summary } from "./bench/stats";
import { buildIfStale } from "./build-if-stale";

const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET_P95_MS = 50;
const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: DEFAULT_SCIFACT_DIR },
    chunks: { type: "string", default: "100000" },
    questions: { type: "string", default: "200" },
    concurrency: { type: "string", default: "50" },
    waves: { type: "string", default: "3" },
    "token-delay-ms": { type: "string", default: "10" },
    "app-dir": { type: "string", default: ROOT },
    "skip-build": { type: "boolean", default: false },
  },
});
const log = (line: string) => console.log(line);
// The fake model counts prompt tokens with its own crude rule, so the chat's warning that the model's count differs
// from Gemma's is expected on every answer here (lib/chat warns through console.warn in this process too).
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (!/reported \d+ prompt tokens, Enclave counted/.test(String(args[0]))) warn(...args);
};
const count = (name: keyof typeof values) => Number(values[name]);
const dataset = loadBeirDataset(values.dataset!);
const questions = dataset.queries.map((query) => query.text);
const measured = questions.slice(0, count("questions"));
const warmup = questions.slice(measured.length, measured.length + 10);

if (!process.env.DATABASE_URL) {
  console.error("bench:chat needs DATABASE_URL: a PostgreSQL server (with pgvector) on which it creates, and then drops, a throwaway database.");
  process.exit(2);
}
const loadAtStart = os.loadavg()[0]!;
const database = await createTestDatabase("benchchat");
process.env.DATABASE_URL = database.url;
const children: Child[] = [];
try {
  log(`==> bench:chat on ${database.isEmbedded ? "the embedded database (PGlite)" : "a throwaway PostgreSQL database"}`);
  const model = await startModelServer();
  children.push(model);
  const team = await db().team.create({ data: { name: `bench-${Date.now()}` } });
  const kb = await db().knowledgeBase.create({
    data: { slug: `bench-chat-${Date.now()}`, name: "SciFact x9", teamId: team.id, chatBaseUrl: `${model.url}/v1`, chatModel: "gemma3:1b", embeddingBaseUrl: `${model.url}/v1`, embeddingModel: "all-minilm", embeddingDimension: 384 },
  });
  const password = `bench-${Date.now()}-password`;
  const user = await db().user.create({ data: { email: `bench-${Date.now()}@example.test`, name: "Bench", role: "member", passwordHash: await hashPassword(password) } });
  await db().membership.create({ data: { userId: user.id, teamId: team.id, role: "reader" } });
  log(`==> Building a knowledge base of ${count("chunks").toLocaleString("en")} passages`);
  const corpus = await buildChatCorpus(kb.id, dataset.corpus, count("chunks"), log);

  const appDir = path.resolve(values["app-dir"]!);
  if (!values["skip-build"]) await buildIfStale(appDir, log);
  log(`==> Starting the app (next start in ${appDir})`);
  const app = await startApp(appDir, database.url, log);
  children.push(app);
  const cookie = await signIn(app.url, user.email, password);
  for (const question of warmup) await askEnclave(app.url, cookie, kb.id, question);
  await takeModelRequests(model.url);

  log(`==> ${measured.length} questions, one at a time: through Enclave, then the same prompt straight to the model`);
  const sequential = await overheadRun(app.url, cookie, kb.id, model.url, measured);

  log(`==> The same questions again: through the route, then through the chat's steps timed one by one (in this process)`);
  const acting = { id: user.id, email: user.email, role: user.role };
  await loadGemmaTokenizer();
  for (const question of warmup.slice(0, 3)) await timeSteps(acting, kb.id, model.url, question);
  const steps = new Map<StepName, number[]>();
  for (const question of measured) {
    // The route and the in-process answer() one right after the other, so that both see the same load.
    const http = await askEnclave(app.url, cookie, kb.id, question);
    await takeModelRequests(model.url);
    const times = { httpTtft: http.ttftMs, ...(await timeSteps(acting, kb.id, model.url, question)) };
    for (const [step, ms] of Object.entries(times)) {
      if (!Number.isNaN(ms)) steps.set(step as StepName, [...(steps.get(step as StepName) ?? []), ms]);
    }
  }
  const breakdown = Object.fromEntries([...steps].map(([step, ms]) => [step, summarize(ms)])) as Record<StepName, Summary>;

  log(`==> ${count("waves")} waves of ${count("concurrency")} concurrent chats (model pace ${count("token-delay-ms")} ms per token)`);
  const concurrent = await concurrencyRun(app, cookie, kb.id, model.url, questions);

  const result: ChatBenchResult = { corpus, sequential, breakdown, concurrent };
  printChatReport(result, { isEmbedded: database.isEmbedded, asked: measured.length, loadAtStart, targetP95Ms: TARGET_P95_MS }, log);
} finally {
  for (const child of children.reverse()) await child.stop();
  await db().$disconnect();
  await database.drop();
}

/** Each question through Enclave, then its recorded model request straight to the model server. */
async function overheadRun(appUrl: string, cookie: string, kbId: string, modelUrl: string, asked: string[]): Promise<OverheadRun> {
  const enclave: number[] = [];
  const direct: number[] = [];
  const overhead: number[] = [];
  const beforeModel: number[] = [];
  const failures: string[] = [];
  let refused = 0;
  for (const question of asked) {
    const run = await askEnclave(appUrl, cookie, kbId, question);
    const [sent] = await takeModelRequests(modelUrl);
    if (run.status === "refused") refused++;
    else if (run.status !== "complete" || !sent) failures.push(`${run.status}: ${run.error ?? "no model request"}`);
    if (run.status !== "complete" || !sent) continue;
    const straight = await askModel(modelUrl, sent.rawBody);
    enclave.push(run.ttftMs);
    direct.push(straight.ttftMs);
    overhead.push(run.ttftMs - straight.ttftMs);
    if (run.timings) beforeModel.push(run.timings.retrievalMs);
  }
  if (failures.length) log(`    ${failures.length} failed: ${failures.slice(0, 3).join("; ")}`);
  return { answered: enclave.length, refused, failed: failures.length, enclave: summarize(enclave), direct: summarize(direct), overhead: summarize(overhead), serverRetrieval: summarize(beforeModel) };
}

/** Waves of concurrent chats through the app, with its memory (RSS of its process tree) before, at peak and after. */
async function concurrencyRun(app: Child, cookie: string, kbId: string, modelUrl: string, pool: string[]): Promise<ConcurrencyRun> {
  await setTokenDelay(modelUrl, count("token-delay-ms"));
  const rssBefore = treeRssMb(app.pid);
  const waves: Wave[] = [];
  for (let wave = 0; wave < count("waves"); wave++) {
    const sampler = sampleRss(app.pid);
    const started = performance.now();
    const asked = Array.from({ length: count("concurrency") }, (_, i) => pool[(wave * count("concurrency") + i) % pool.length]!);
    const runs = await Promise.all(asked.map((question) => askEnclave(app.url, cookie, kbId, question)));
    const seconds = (performance.now() - started) / 1000;
    const errors = runs.filter((run) => run.status !== "complete" && run.status !== "refused");
    waves.push({
      chats: runs.length,
      completed: runs.length - errors.length,
      errors: errors.map((run) => `${run.status}: ${run.error ?? ""}`.slice(0, 200)),
      seconds: Math.round(seconds * 10) / 10,
      ttft: summarize(runs.filter((run) => !Number.isNaN(run.ttftMs)).map((run) => run.ttftMs)),
      rssPeakMb: Math.round(sampler.stop()),
      rssAfterMb: Math.round(treeRssMb(app.pid)),
    });
  }
  await setTokenDelay(modelUrl, 0);
  await takeModelRequests(modelUrl);
  return { rssBeforeMb: Math.round(rssBefore), waves };
}
