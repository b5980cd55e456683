// Settings every database session of the app runs with, so search queries are single statements (no transaction
// to SET them first):
// - hnsw.iterative_scan: a filtered HNSW search (one knowledge base of many) keeps scanning until k rows pass the
//   filter; without it, k=6 on a base holding 5% of the rows came back short in 19% of queries (PLATFORM.md).
// - hnsw.ef_search 100: recall@10 ~0.95 on filtered searches at a few milliseconds.
// - jit off: PostgreSQL's JIT compile (hundreds of milliseconds) never pays off on millisecond queries.
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  "hnsw.iterative_scan": "relaxed_order",
  "hnsw.ef_search": "100",
  jit: "off",
};

/** The settings as libpq startup options (`-c name=value ...`), for the pg pool of every app process. */
export function sessionOptions(): string {
  return Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
}

/** The settings as SET statements, for the embedded database whose connections all share one session. */
export function sessionSetStatements(): string {
  return Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `SET ${name} = '${value}';`)
    .join(" ");
}
