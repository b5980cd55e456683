-- Built-in evaluation: per knowledge base, sets of questions with their expected sources (graded), optional expected
-- answer, key phrases and an "unanswerable" flag; runs of a set against the base's settings or a what-if variant, each
-- with its settings snapshot and one result row per question (staged when the run is created, so a restarted worker
-- resumes where it stopped and each question is scored once).

-- CreateTable
CREATE TABLE "evaluation_sets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "knowledge_base_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evaluation_sets_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "evaluation_sets_name_check" CHECK (char_length("name") BETWEEN 1 AND 200)
);

CREATE TABLE "evaluation_questions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "set_id" UUID NOT NULL,
    -- The id the question has in the file it came from (BEIR query id, JSONL/CSV id): importing again updates it.
    "external_id" TEXT,
    "question" TEXT NOT NULL,
    -- Expected documents by source id with their graded relevance: {"leave": 2, "expenses": 1}; > 0 is relevant.
    "expected" JSONB NOT NULL DEFAULT '{}',
    "expected_answer" TEXT,
    "key_phrases" TEXT[] NOT NULL DEFAULT '{}',
    "is_unanswerable" BOOLEAN NOT NULL DEFAULT false,
    -- What the import noticed (e.g. expected ids that are not in the knowledge base), shown beside the question.
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evaluation_questions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "evaluation_questions_question_check" CHECK (char_length("question") BETWEEN 1 AND 4000),
    CONSTRAINT "evaluation_questions_expected_check" CHECK (jsonb_typeof("expected") = 'object')
);

CREATE TABLE "evaluation_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "set_id" UUID NOT NULL,
    "knowledge_base_id" UUID NOT NULL,
    "created_by_id" UUID,
    -- web | cli
    "source" TEXT NOT NULL DEFAULT 'web',
    "status" "job_status" NOT NULL DEFAULT 'queued',
    -- The effective settings the run used (the base's at the time, with the variant applied).
    "settings" JSONB NOT NULL,
    -- Only what differs from the base's settings ({} = the current settings).
    "variant" JSONB NOT NULL DEFAULT '{}',
    "with_answers" BOOLEAN NOT NULL DEFAULT false,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    -- What the run noticed: lexical fallback, model unreachable (answer metrics skipped), scratch copy preparation.
    "notes" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    -- A chunk-size variant runs against a scratch copy of the base's documents, never the live base; deleted at the end.
    "scratch_knowledge_base_id" UUID,
    "scratch_job_id" UUID,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "evaluation_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "evaluation_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "question_id" UUID,
    "ordinal" INTEGER NOT NULL,
    -- Copied from the question when the run is created: later edits do not change what a run measured.
    "question" TEXT NOT NULL,
    "expected" JSONB NOT NULL DEFAULT '{}',
    "key_phrases" TEXT[] NOT NULL DEFAULT '{}',
    "expected_answer" TEXT,
    "is_unanswerable" BOOLEAN NOT NULL DEFAULT false,
    -- Documents of the passages an answer would be given, best first: [{"sourceId", "title", "relevance"}].
    "retrieved" JSONB NOT NULL DEFAULT '[]',
    "answer" TEXT,
    -- [{"number", "sourceId", "isExpected"}] for the passages the answer cites.
    "citations" JSONB NOT NULL DEFAULT '[]',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "notice" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    CONSTRAINT "evaluation_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "evaluation_sets_knowledge_base_id_name_key" ON "evaluation_sets"("knowledge_base_id", "name");
CREATE INDEX "evaluation_questions_set_id_created_at_idx" ON "evaluation_questions"("set_id", "created_at");
CREATE UNIQUE INDEX "evaluation_questions_set_id_external_id_key" ON "evaluation_questions"("set_id", "external_id") WHERE "external_id" IS NOT NULL;
CREATE INDEX "evaluation_runs_set_id_created_at_idx" ON "evaluation_runs"("set_id", "created_at" DESC);
CREATE INDEX "evaluation_runs_knowledge_base_id_created_at_idx" ON "evaluation_runs"("knowledge_base_id", "created_at" DESC);
CREATE UNIQUE INDEX "evaluation_results_run_id_ordinal_key" ON "evaluation_results"("run_id", "ordinal");
-- The worker's queue: the questions of a run still to score, in order.
CREATE INDEX "evaluation_results_pending_idx" ON "evaluation_results"("run_id", "ordinal") WHERE "processed_at" IS NULL;

-- AddForeignKey
ALTER TABLE "evaluation_sets" ADD CONSTRAINT "evaluation_sets_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evaluation_sets" ADD CONSTRAINT "evaluation_sets_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "evaluation_questions" ADD CONSTRAINT "evaluation_questions_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "evaluation_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "evaluation_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_scratch_knowledge_base_id_fkey" FOREIGN KEY ("scratch_knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "evaluation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "evaluation_questions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A run that goes (its set or its knowledge base deleted) takes its scratch copy with it, even mid-run.
CREATE FUNCTION "evaluation_runs_drop_scratch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."scratch_knowledge_base_id" IS NOT NULL THEN
        DELETE FROM "knowledge_bases" WHERE "id" = OLD."scratch_knowledge_base_id";
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "evaluation_runs_drop_scratch" AFTER DELETE ON "evaluation_runs"
    FOR EACH ROW EXECUTE FUNCTION "evaluation_runs_drop_scratch"();
