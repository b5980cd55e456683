-- Privacy controls: a hosted chat endpoint's API key (encrypted at rest with ENCLAVE_SECRET_KEY), admin-defined
-- personal-data patterns per knowledge base, the append-only egress log of every call to a hosted model, and the
-- per-chat pseudonymisation mapping (value -> placeholder), encrypted, so placeholders stay stable across turns.

-- AlterTable
ALTER TABLE "knowledge_bases" ADD COLUMN "chat_api_key_encrypted" TEXT;
-- [{ "label": "MRN", "pattern": "MRN-\\d{6}" }]: validated by lib/privacy/pii/patterns.ts before it is stored.
ALTER TABLE "knowledge_bases" ADD COLUMN "pii_patterns" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
-- No foreign keys: an egress record outlives the knowledge base, user or API key it names (and a cascading delete
-- would be refused by the append-only trigger). The slug and e-mail are copied for display.
CREATE TABLE "egress_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "knowledge_base_id" UUID NOT NULL,
    "knowledge_base_slug" TEXT NOT NULL,
    "user_id" UUID,
    "user_email" TEXT,
    "api_key_id" UUID,
    "chat_id" UUID,
    -- answer | rewrite | other: which step of the chat flow made the call.
    "purpose" TEXT NOT NULL DEFAULT 'answer',
    -- Display form: scheme, host and path; never credentials, query or fragment.
    "endpoint" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    -- How many values of each kind were masked in the conversation when the call left: { "PERSON": 3, "EMAIL": 2 }.
    "masked_counts" JSONB NOT NULL DEFAULT '{}',
    -- SHA-256 (hex) of the exact request body bytes sent.
    "payload_sha256" TEXT NOT NULL,
    "payload_bytes" INTEGER NOT NULL,
    -- ok | http_<status> | aborted | network_error | blocked
    "status" TEXT NOT NULL,
    "duration_ms" INTEGER,
    CONSTRAINT "egress_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "egress_events_payload_sha256_check" CHECK ("payload_sha256" ~ '^[0-9a-f]{64}$')
);

CREATE TABLE "chat_pii_mappings" (
    "chat_id" UUID NOT NULL,
    -- lib/privacy/secrets.ts format (AES-256-GCM, bound to the chat id); plaintext is never stored.
    "mapping_encrypted" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "chat_pii_mappings_pkey" PRIMARY KEY ("chat_id")
);

-- CreateIndex
CREATE INDEX "egress_events_at_idx" ON "egress_events"("at" DESC);
CREATE INDEX "egress_events_knowledge_base_id_at_idx" ON "egress_events"("knowledge_base_id", "at" DESC);
CREATE INDEX "egress_events_user_id_at_idx" ON "egress_events"("user_id", "at" DESC);

-- AddForeignKey
-- Deleting a chat deletes its mapping: nothing of the conversation's personal data stays behind.
ALTER TABLE "chat_pii_mappings" ADD CONSTRAINT "chat_pii_mappings_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "chats"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The egress log is append-only, like the audit log: no row is ever changed or removed, nor the table emptied.
CREATE FUNCTION "egress_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'egress_events is append-only';
END;
$$;
CREATE TRIGGER "egress_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "egress_events"
    FOR EACH ROW EXECUTE FUNCTION "egress_events_append_only"();
CREATE TRIGGER "egress_events_no_truncate" BEFORE TRUNCATE ON "egress_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "egress_events_append_only"();
