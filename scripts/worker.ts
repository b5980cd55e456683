// The background worker (ingestion jobs, embedding backfills and model switch-overs), started by `npm start` beside
// Next.js so long jobs never slow the web server. Stops gracefully on SIGTERM, letting the running slice finish.
import { pathToFileURL } from "node:url";
import { startWorkers, stopQueue } from "@/lib/ingest/queue";

/** Runs the workers until a signal arrives. */
export async function runWorker(): Promise<void> {
  await startWorkers();
  console.log("==> Background worker ready");
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await stopQueue();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runWorker().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("worker:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
