import "server-only";
import type { QueryAnswer, QueryResult } from "./query-schema";

// A streamed API answer as Server-Sent Events, in this order:
//   event: passages  the query result without the answer (mode, notice, passages, refused)
//   event: delta     {"text": "..."} pieces of the answer, in order (the refusal sentence in one piece)
//   event: done      {"status", "citedNumbers", "model", "usage"} when the answer is complete or refused, or else
//   event: error     the same plus "message" when the model failed or stopped mid-answer. Either one is the last event.
// A client that disconnects cancels the stream, which stops the model request.

export interface AnswerStreamControl {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  onDelta: (text: string) => void;
}

const INTERNAL = "Something went wrong while answering; see the server log.";

/** The answer produced by `run` as an event stream; `onEnd` runs once it is over, however it ended. */
export function answerEventStream<A>(
  result: QueryResult,
  run: (control: AnswerStreamControl) => Promise<A>,
  options: { toAnswer: (answer: A) => QueryAnswer; onEnd: (answer: A | undefined) => Promise<void> },
): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  const encoder = new TextEncoder();
  let isOpen = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        if (!isOpen) return;
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          isOpen = false; // the reader cancelled between two pieces
        }
      };
      // Not awaited: start() must return for the first events to reach the client.
      void (async () => {
        let answer: A | undefined;
        try {
          send("passages", result);
          answer = await run({ signal: cancelled.signal, onDelta: (text) => send("delta", { text }) });
          const { text: _text, error, ...rest } = options.toAnswer(answer);
          if (rest.status === "complete" || rest.status === "refused") send("done", rest);
          else send("error", { ...rest, message: error ?? INTERNAL });
        } catch (error) {
          console.error(`[api] query stream failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          send("error", { status: "failed", message: INTERNAL });
        } finally {
          await options.onEnd(answer).catch((error: unknown) => console.error(`[api] query stream: ${error instanceof Error ? error.message : String(error)}`));
          if (isOpen) {
            isOpen = false;
            controller.close();
          }
        }
      })();
    },
    cancel() {
      isOpen = false;
      cancelled.abort();
    },
  });
}

/** The Response for an event stream: never cached, never buffered by a reverse proxy. */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
