"use server";

import { authedAction } from "@/lib/auth/action";
import { setFeedback } from "@/lib/db/feedback";
import { setFeedbackSchema } from "./schema";

// Feedback on answers, called by components/chat/feedback-buttons.tsx. setFeedback itself checks that the answer is in
// one of the caller's own chats (anything else is a 404), so this public endpoint cannot rate other people's answers.

export const setFeedbackAction = authedAction(setFeedbackSchema, async ({ user, input, ip }) => {
  const { messageId, rating, comment } = input;
  return setFeedback(user, messageId, { rating, ...(comment === undefined ? {} : { comment }) }, ip);
});
