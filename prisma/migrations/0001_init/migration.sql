-- Enclave's initial schema. Written by hand (see prisma/README.md); mirrors prisma/schema.prisma.
CREATE EXTENSION IF NOT EXISTS vector;

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('admin', 'member');
CREATE TYPE "team_role" AS ENUM ('editor', 'reader');
CREATE TYPE "model_location" AS ENUM ('local', 'hosted');
CREATE TYPE "message_role" AS ENUM ('user', 'assistant');
CREATE TYPE "message_status" AS ENUM ('complete', 'streaming', 'stopped', 'incomplete', 'failed', 'refused');
CREATE TYPE "job_status" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "role" "user_role" NOT NULL DEFAULT 'member',
    "disabled_at" TIMESTAMPTZ(3),
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"))
);

CREATE TABLE "teams" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "memberships" (
    "user_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "role" "team_role" NOT NULL DEFAULT 'reader',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id", "team_id")
);

CREATE TABLE "knowledge_bases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team_id" UUID NOT NULL,
    "model_location" "model_location" NOT NULL DEFAULT 'local',
    "chat_base_url" TEXT NOT NULL,
    "chat_model" TEXT NOT NULL,
    "embedding_base_url" TEXT NOT NULL,
    "embedding_model" TEXT NOT NULL,
    "embedding_dimension" INTEGER NOT NULL,
    "top_k" INTEGER NOT NULL DEFAULT 6,
    "chunk_size" INTEGER NOT NULL DEFAULT 200,
    "chunk_overlap" INTEGER NOT NULL DEFAULT 30,
    "context_window" INTEGER NOT NULL DEFAULT 4096,
    "answer_instructions" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "knowledge_bases_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "knowledge_bases_slug_format" CHECK ("slug" ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
    CONSTRAINT "knowledge_bases_settings_range" CHECK (
        "embedding_dimension" BETWEEN 1 AND 16000 AND "top_k" BETWEEN 1 AND 100
        AND "chunk_size" BETWEEN 16 AND 8192 AND "chunk_overlap" >= 0 AND "chunk_overlap" < "chunk_size"
        AND "context_window" BETWEEN 512 AND 10000000)
);

CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "knowledge_base_id" UUID NOT NULL,
    "source_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "embedded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "documents_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "documents_source_id_length" CHECK (char_length("source_id") BETWEEN 1 AND 512),
    CONSTRAINT "documents_metadata_object" CHECK (jsonb_typeof("metadata") = 'object')
);

CREATE TABLE "chunks" (
    "id" BIGSERIAL NOT NULL,
    "document_id" UUID NOT NULL,
    "knowledge_base_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "start_offset" INTEGER NOT NULL,
    "end_offset" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,
    "embedding" vector,
    "embedding_dim" INTEGER,
    "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED,
    CONSTRAINT "chunks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "chunks_offsets" CHECK ("start_offset" >= 0 AND "end_offset" >= "start_offset"),
    CONSTRAINT "chunks_embedding_dim" CHECK (
        ("embedding" IS NULL AND "embedding_dim" IS NULL) OR vector_dims("embedding") = "embedding_dim")
);

CREATE TABLE "chats" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "knowledge_base_id" UUID,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "chats_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "chat_id" UUID NOT NULL,
    "role" "message_role" NOT NULL,
    "content" TEXT NOT NULL,
    "status" "message_status" NOT NULL DEFAULT 'complete',
    "error" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "citations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "is_cited" BOOLEAN NOT NULL DEFAULT false,
    "knowledge_base_id" UUID NOT NULL,
    "document_id" UUID,
    "chunk_id" BIGINT,
    "source_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "start_offset" INTEGER NOT NULL,
    "end_offset" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "citations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ingestion_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "knowledge_base_id" UUID NOT NULL,
    "created_by_id" UUID,
    "kind" TEXT NOT NULL,
    "status" "job_status" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "ingestion_jobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "ip" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "teams_name_key" ON "teams"("name");
CREATE INDEX "memberships_team_id_idx" ON "memberships"("team_id");
CREATE UNIQUE INDEX "knowledge_bases_slug_key" ON "knowledge_bases"("slug");
CREATE INDEX "knowledge_bases_team_id_idx" ON "knowledge_bases"("team_id");
CREATE UNIQUE INDEX "documents_knowledge_base_id_source_id_key" ON "documents"("knowledge_base_id", "source_id");
CREATE INDEX "documents_knowledge_base_id_updated_at_idx" ON "documents"("knowledge_base_id", "updated_at");
CREATE UNIQUE INDEX "chunks_document_id_ordinal_key" ON "chunks"("document_id", "ordinal");
CREATE INDEX "chunks_knowledge_base_id_idx" ON "chunks"("knowledge_base_id");
CREATE INDEX "chats_user_id_updated_at_idx" ON "chats"("user_id", "updated_at" DESC);
CREATE INDEX "messages_chat_id_created_at_idx" ON "messages"("chat_id", "created_at");
CREATE UNIQUE INDEX "citations_message_id_number_key" ON "citations"("message_id", "number");
CREATE INDEX "ingestion_jobs_knowledge_base_id_created_at_idx" ON "ingestion_jobs"("knowledge_base_id", "created_at" DESC);
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at" DESC);
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at" DESC);

-- Full-text index over the generated tsvector.
CREATE INDEX "chunks_tsv_idx" ON "chunks" USING GIN ("tsv");

-- Vector indexes: one partial HNSW index per common embedding dimension, over a cast of the dimension-less column,
-- so knowledge bases with different embedding models share one table. Queries must repeat the cast and the
-- "embedding_dim" predicate for the planner to pick the index (lib/db/vectors.ts does).
CREATE INDEX "chunks_embedding_384_idx" ON "chunks" USING hnsw (("embedding"::vector(384)) vector_cosine_ops) WHERE "embedding_dim" = 384;
CREATE INDEX "chunks_embedding_768_idx" ON "chunks" USING hnsw (("embedding"::vector(768)) vector_cosine_ops) WHERE "embedding_dim" = 768;
CREATE INDEX "chunks_embedding_1024_idx" ON "chunks" USING hnsw (("embedding"::vector(1024)) vector_cosine_ops) WHERE "embedding_dim" = 1024;
CREATE INDEX "chunks_embedding_1536_idx" ON "chunks" USING hnsw (("embedding"::vector(1536)) vector_cosine_ops) WHERE "embedding_dim" = 1536;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "knowledge_bases" ADD CONSTRAINT "knowledge_bases_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "documents" ADD CONSTRAINT "documents_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chats" ADD CONSTRAINT "chats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chats" ADD CONSTRAINT "chats_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "chats"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "citations" ADD CONSTRAINT "citations_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ingestion_jobs" ADD CONSTRAINT "ingestion_jobs_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: no row is ever changed or removed.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
