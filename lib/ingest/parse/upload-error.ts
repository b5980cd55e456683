// An upload rejected as a whole: its code says why, its status is the HTTP answer, and its message is safe to show
// and says what to do next. Problems with single rows are RowErrors instead, so the other rows still come through.

const STATUS = {
  unsupported_type: 415,
  too_large: 413,
  not_utf8: 422,
  malformed: 422,
  encrypted: 422,
  corrupt: 422,
  empty: 422,
  duplicate_ids: 422,
} as const;

export type UploadErrorCode = keyof typeof STATUS;

/** Where the problem is and what the UI can offer: the position of a syntax error, the duplicate ids, the fields found. */
export interface UploadErrorDetails {
  line?: number;
  column?: number;
  ids?: string[];
  fields?: string[];
}

export class UploadError extends Error {
  override name = "UploadError";
  readonly status: number;

  constructor(
    readonly code: UploadErrorCode,
    message: string,
    readonly details: UploadErrorDetails = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
