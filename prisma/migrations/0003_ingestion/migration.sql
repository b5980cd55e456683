-- Ingestion: staged job items (each document of a job processed exactly once, surviving restarts), per-document
-- outcomes, incremental SQL sync watermarks, and a pending embedding model that is filled in the background while
-- the current one keeps serving.

-- CreateEnum
CREATE TYPE "ingestion_outcome" AS ENUM ('added', 'replaced', 'unchanged', 'deleted', 'failed');
CREATE TYPE "ingestion_action" AS ENUM ('upsert', 'delete');

-- AlterTable
ALTER TABLE "ingestion_jobs"
    ADD COLUMN "source" TEXT NOT NULL DEFAULT 'api',
    ADD COLUMN "details" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE "knowledge_bases"
    ADD COLUMN "pending_embedding_base_url" TEXT,
    ADD COLUMN "pending_embedding_model" TEXT,
    ADD COLUMN "pending_embedding_dimension" INTEGER;

ALTER TABLE "chunks"
    -- "Title › Heading › Subheading": embedded with the text, shown with citations.
    ADD COLUMN "context" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "pending_embedding" vector,
    ADD COLUMN "pending_embedding_dim" INTEGER,
    ADD CONSTRAINT "chunks_pending_embedding_dim" CHECK (
        ("pending_embedding" IS NULL AND "pending_embedding_dim" IS NULL) OR vector_dims("pending_embedding") = "pending_embedding_dim");

-- CreateTable
CREATE TABLE "ingestion_job_items" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "action" "ingestion_action" NOT NULL DEFAULT 'upsert',
    "source_id" TEXT NOT NULL,
    "title" TEXT,
    "content" TEXT,
    "metadata" JSONB,
    "outcome" "ingestion_outcome",
    "reason" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    CONSTRAINT "ingestion_job_items_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_states" (
    "knowledge_base_id" UUID NOT NULL,
    "source_key" TEXT NOT NULL,
    "watermark" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    CONSTRAINT "sync_states_pkey" PRIMARY KEY ("knowledge_base_id", "source_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ingestion_job_items_job_id_ordinal_key" ON "ingestion_job_items"("job_id", "ordinal");
-- The worker's queue: the pending items of a job, in order.
CREATE INDEX "ingestion_job_items_pending_idx" ON "ingestion_job_items"("job_id", "ordinal") WHERE "outcome" IS NULL;
CREATE INDEX "ingestion_job_items_failed_idx" ON "ingestion_job_items"("job_id") WHERE "outcome" = 'failed';
CREATE INDEX "ingestion_jobs_status_idx" ON "ingestion_jobs"("status") WHERE "status" IN ('queued', 'running');
-- Backfill finds chunks still waiting for a vector.
CREATE INDEX "chunks_unembedded_idx" ON "chunks"("knowledge_base_id") WHERE "embedding" IS NULL;

-- AddForeignKey
ALTER TABLE "ingestion_job_items" ADD CONSTRAINT "ingestion_job_items_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "ingestion_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_states" ADD CONSTRAINT "sync_states_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
