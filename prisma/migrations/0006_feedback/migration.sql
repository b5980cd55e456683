-- Feedback on answers: one thumbs up (+1) or down (-1) per message and user, with an optional comment. The knowledge
-- base is copied from the chat when the feedback is given, so its editors' list filters on an indexed column and an
-- answer is only ever shown to the editors of the base it came from.

-- AlterTable
-- Off by default: the base's editors see the feedback but not who gave it.
ALTER TABLE "knowledge_bases" ADD COLUMN "show_feedback_identity" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "feedback" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "knowledge_base_id" UUID NOT NULL,
    "rating" SMALLINT NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "feedback_rating_check" CHECK ("rating" IN (-1, 1)),
    CONSTRAINT "feedback_comment_length_check" CHECK (char_length("comment") <= 2000)
);

-- CreateIndex
CREATE UNIQUE INDEX "feedback_message_id_user_id_key" ON "feedback"("message_id", "user_id");
-- The editors' list: newest first within a base, optionally one rating.
CREATE INDEX "feedback_knowledge_base_id_updated_at_idx" ON "feedback"("knowledge_base_id", "updated_at" DESC);
CREATE INDEX "feedback_user_id_idx" ON "feedback"("user_id");

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
