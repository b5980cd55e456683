// Exact nearest neighbours (the ground truth recall is measured against) and latency percentiles.

/** The k rows of `vectors` (unit length, row-major) with the highest dot product with `query` (= cosine), best first. */
export function exactTopK(vectors: Float32Array, dimension: number, query: Float32Array, k: number): number[] {
  const count = vectors.length / dimension;
  const best: { index: number; score: number }[] = [];
  for (let row = 0; row < count; row++) {
    let score = 0;
    const offset = row * dimension;
    for (let d = 0; d < dimension; d++) score += vectors[offset + d]! * query[d]!;
    if (best.length < k || score > best[best.length - 1]!.score) {
      best.push({ index: row, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  }
  return best.map((entry) => entry.index);
}

/** Share of `exact` found in `found`. */
export function recall(found: readonly string[], exact: readonly string[]): number {
  const wanted = new Set(exact);
  return found.filter((id) => wanted.has(id)).length / exact.length;
}

export interface Latency {
  p50: number;
  p95: number;
  mean: number;
}

export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) };
}

/** Runs `work` once per item, sequentially, after `warmup` untimed calls; returns milliseconds per call. */
export async function timeEach<T, R>(items: readonly T[], work: (item: T) => Promise<R>, warmup = 20): Promise<{ ms: number[]; results: R[] }> {
  for (const item of items.slice(0, warmup)) await work(item);
  const ms: number[] = [];
  const results: R[] = [];
  for (const item of items) {
    const started = performance.now();
    results.push(await work(item));
    ms.push(performance.now() - started);
  }
  return { ms, results };
}
