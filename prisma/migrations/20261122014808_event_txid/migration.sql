-- AlterTable
ALTER TABLE "platform"."event" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint;

-- AlterTable
ALTER TABLE "platform"."event_cursor" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "event_txid_id_idx" ON "platform"."event"("txid", "id");
