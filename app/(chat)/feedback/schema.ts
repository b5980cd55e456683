import { z } from "zod";
import { MAX_FEEDBACK_COMMENT_LENGTH, type FeedbackRating } from "@/lib/chat/feedback";

/** A thumbs up or down on an answer; `comment` omitted keeps the stored one, empty removes it. */
export const setFeedbackSchema = z.object({
  messageId: z.uuid(),
  // A form sends "1" or "-1"; the widget sends the number.
  rating: z.coerce
    .number()
    .refine((value): value is FeedbackRating => value === 1 || value === -1, "Rate the answer up or down.")
    .transform((value) => value as FeedbackRating),
  comment: z
    .string()
    .trim()
    .max(MAX_FEEDBACK_COMMENT_LENGTH, `Keep the comment to ${MAX_FEEDBACK_COMMENT_LENGTH.toLocaleString("en")} characters or fewer.`)
    .nullish(),
});
