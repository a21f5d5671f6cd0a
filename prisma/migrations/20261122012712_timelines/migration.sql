-- AlterTable
ALTER TABLE "timeline"."post" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "platform"."job" (
    "id" BIGSERIAL NOT NULL,
    "queue" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline"."home_entry" (
    "owner_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,

    CONSTRAINT "home_entry_pkey" PRIMARY KEY ("owner_id","created_at","post_id")
);

-- CreateTable
CREATE TABLE "timeline"."read_position" (
    "owner_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "post_id" UUID NOT NULL,

    CONSTRAINT "read_position_pkey" PRIMARY KEY ("owner_id")
);

-- CreateTable
CREATE TABLE "timeline"."follow" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_pkey" PRIMARY KEY ("follower_id","followee_id")
);

-- CreateTable
CREATE TABLE "timeline"."mute" (
    "muter_id" UUID NOT NULL,
    "muted_id" UUID NOT NULL,

    CONSTRAINT "mute_pkey" PRIMARY KEY ("muter_id","muted_id")
);

-- CreateTable
CREATE TABLE "timeline"."activity" (
    "user_id" UUID NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "job_queue_run_at_id_idx" ON "platform"."job"("queue", "run_at", "id");

-- CreateIndex
CREATE INDEX "home_entry_created_at_idx" ON "timeline"."home_entry"("created_at");

-- CreateIndex
CREATE INDEX "follow_followee_id_idx" ON "timeline"."follow"("followee_id");

-- CreateIndex
CREATE INDEX "activity_last_seen_at_idx" ON "timeline"."activity"("last_seen_at");
