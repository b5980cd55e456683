// What the chat, its feedback widget and the server share about feedback on answers (no server-only code, so client
// components may import it).

/** Thumbs up (+1) or down (-1). */
export type FeedbackRating = 1 | -1;

/** A user's own feedback on one answer, as the chat shows it. */
export interface OwnFeedback {
  rating: FeedbackRating;
  comment: string | null;
}

export const MAX_FEEDBACK_COMMENT_LENGTH = 2_000;
