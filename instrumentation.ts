// Runs once when the Next.js server starts. The Gemma tokenizer takes seconds to load and blocks the event loop
// meanwhile: loading it here, not on the first question, keeps that pause away from a user's answer (and from the
// model server's idle keep-alive connections, which it would otherwise outlive).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { warmTokenizer } = await import("@/lib/ai/tokenizer");
    warmTokenizer();
  }
}
