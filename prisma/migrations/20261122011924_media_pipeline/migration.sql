-- AlterTable
ALTER TABLE "chat"."message" ADD COLUMN     "attachment_ids" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
-- Defaults fill rows uploaded before placeholders existed, then go: new rows must say.
ALTER TABLE "media"."media" ADD COLUMN     "blurhash" VARCHAR(64) NOT NULL DEFAULT '',
ADD COLUMN     "dominant_color" CHAR(7) NOT NULL DEFAULT '#808080';
ALTER TABLE "media"."media" ALTER COLUMN "blurhash" DROP DEFAULT, ALTER COLUMN "dominant_color" DROP DEFAULT;

-- CreateTable
CREATE TABLE "media"."upload_ticket" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_ticket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "upload_ticket_expires_at_idx" ON "media"."upload_ticket"("expires_at");
