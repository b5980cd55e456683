// One error type for expected failures. Its code decides the HTTP status and its message is safe to show;
// database and model details go to the server log, never to the user.

const STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  model_unavailable: 502,
  embedding_dimension_mismatch: 500,
} as const;

export type AppErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** The same answer whether a thing does not exist or belongs to another team, so ids cannot be probed. */
export function notFound(what: string): AppError {
  return new AppError("not_found", `${what} not found.`);
}
