-- Accounts and access: single sign-on identities, team membership provenance, IdP group mapping, API keys,
-- and the knowledge-base setting that allows question text in the audit log.

-- CreateEnum
CREATE TYPE "membership_source" AS ENUM ('manual', 'idp');
CREATE TYPE "api_key_scope" AS ENUM ('read', 'write');

-- AlterTable
ALTER TABLE "users" ADD COLUMN "oidc_issuer" TEXT, ADD COLUMN "oidc_subject" TEXT;
ALTER TABLE "memberships" ADD COLUMN "source" "membership_source" NOT NULL DEFAULT 'manual';
ALTER TABLE "teams" ADD COLUMN "idp_group" TEXT;
ALTER TABLE "knowledge_bases" ADD COLUMN "log_questions" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "knowledge_base_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scope" "api_key_scope" NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_oidc_issuer_oidc_subject_key" ON "users"("oidc_issuer", "oidc_subject");
CREATE UNIQUE INDEX "teams_idp_group_key" ON "teams"("idp_group");
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");
CREATE INDEX "api_keys_knowledge_base_id_idx" ON "api_keys"("knowledge_base_id");
-- Throttling counts recent sign-in failures per account and per address from the audit log.
CREATE INDEX "audit_events_ip_at_idx" ON "audit_events"("ip", "at" DESC) WHERE "action" = 'auth.sign_in_failed';

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_knowledge_base_id_fkey" FOREIGN KEY ("knowledge_base_id") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
