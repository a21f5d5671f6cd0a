-- CreateEnum
CREATE TYPE "chat"."member_role" AS ENUM ('OWNER', 'ADMIN', 'MEMBER');

-- CreateEnum
CREATE TYPE "chat"."change_kind" AS ENUM ('MESSAGE_ADDED', 'MESSAGE_EDITED', 'MESSAGE_DELETED', 'MEMBER_JOINED', 'MEMBER_LEFT', 'RENAMED');

-- AlterTable
ALTER TABLE "chat"."conversation" ADD COLUMN     "diffused_change" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_change" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "chat"."conversation_member" ADD COLUMN     "role" "chat"."member_role" NOT NULL DEFAULT 'MEMBER';

-- AlterTable
ALTER TABLE "chat"."message" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "edited_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "chat"."conversation_change" (
    "conversation_id" UUID NOT NULL,
    "change" INTEGER NOT NULL,
    "kind" "chat"."change_kind" NOT NULL,
    "message_id" UUID,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_change_pkey" PRIMARY KEY ("conversation_id","change")
);

-- CreateTable
CREATE TABLE "chat"."inbox" (
    "user_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "conversation_id" UUID NOT NULL,
    "change" INTEGER NOT NULL,
    "kind" "chat"."change_kind" NOT NULL,
    "message_id" UUID,
    "member_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("user_id","seq")
);

-- CreateTable
CREATE TABLE "chat"."user_state" (
    "user_id" UUID NOT NULL,
    "inbox_seq" INTEGER NOT NULL DEFAULT 0,
    "contacts_version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "user_state_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "chat"."follow" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,

    CONSTRAINT "follow_pkey" PRIMARY KEY ("follower_id","followee_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbox_user_id_conversation_id_change_key" ON "chat"."inbox"("user_id", "conversation_id", "change");

-- CreateIndex
CREATE INDEX "follow_followee_id_idx" ON "chat"."follow"("followee_id");

-- AddForeignKey
ALTER TABLE "chat"."conversation_change" ADD CONSTRAINT "conversation_change_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "chat"."conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
