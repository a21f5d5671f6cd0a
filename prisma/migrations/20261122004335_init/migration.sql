-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "chat";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "media";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "platform";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "social";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "timeline";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "users";

-- CreateEnum
CREATE TYPE "chat"."conversation_kind" AS ENUM ('DIRECT', 'GROUP');

-- CreateTable
CREATE TABLE "platform"."event" (
    "id" BIGSERIAL NOT NULL,
    "type" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."event_cursor" (
    "consumer" VARCHAR(64) NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "event_cursor_pkey" PRIMARY KEY ("consumer")
);

-- CreateTable
CREATE TABLE "users"."user" (
    "id" UUID NOT NULL,
    "handle" VARCHAR(30) NOT NULL,
    "handle_key" VARCHAR(30) NOT NULL,
    "email" VARCHAR(254),
    "email_key" VARCHAR(254),
    "password_hash" VARCHAR(200),
    "display_name" VARCHAR(64) NOT NULL,
    "bio" VARCHAR(280) NOT NULL DEFAULT '',
    "avatar_media_id" UUID,
    "is_private" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users"."session" (
    "id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users"."login_throttle" (
    "key" VARCHAR(300) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "social"."follow" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_pkey" PRIMARY KEY ("follower_id","followee_id")
);

-- CreateTable
CREATE TABLE "timeline"."post" (
    "id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" VARCHAR(2000) NOT NULL,
    "media_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat"."conversation" (
    "id" UUID NOT NULL,
    "kind" "chat"."conversation_kind" NOT NULL,
    "title" VARCHAR(100),
    "pair_key" VARCHAR(73),
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat"."conversation_member" (
    "conversation_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_seq" INTEGER NOT NULL DEFAULT 0,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_member_pkey" PRIMARY KEY ("conversation_id","user_id")
);

-- CreateTable
CREATE TABLE "chat"."message" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "sender_id" UUID NOT NULL,
    "client_message_id" VARCHAR(64),
    "body" VARCHAR(4000) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "media"."media" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "mime_type" VARCHAR(32) NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_handle_key_key" ON "users"."user"("handle_key");

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key_key" ON "users"."user"("email_key");

-- CreateIndex
CREATE INDEX "session_family_id_idx" ON "users"."session"("family_id");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "users"."session"("user_id");

-- CreateIndex
CREATE INDEX "follow_followee_id_created_at_follower_id_idx" ON "social"."follow"("followee_id", "created_at" DESC, "follower_id");

-- CreateIndex
CREATE INDEX "follow_follower_id_created_at_followee_id_idx" ON "social"."follow"("follower_id", "created_at" DESC, "followee_id");

-- CreateIndex
CREATE INDEX "post_author_id_created_at_id_idx" ON "timeline"."post"("author_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "post_created_at_id_idx" ON "timeline"."post"("created_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_pair_key_key" ON "chat"."conversation"("pair_key");

-- CreateIndex
CREATE INDEX "conversation_last_message_at_idx" ON "chat"."conversation"("last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversation_member_user_id_idx" ON "chat"."conversation_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_conversation_id_seq_key" ON "chat"."message"("conversation_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "message_conversation_id_sender_id_client_message_id_key" ON "chat"."message"("conversation_id", "sender_id", "client_message_id");

-- CreateIndex
CREATE INDEX "media_owner_id_created_at_idx" ON "media"."media"("owner_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "users"."session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"."user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat"."conversation_member" ADD CONSTRAINT "conversation_member_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "chat"."conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat"."message" ADD CONSTRAINT "message_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "chat"."conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
