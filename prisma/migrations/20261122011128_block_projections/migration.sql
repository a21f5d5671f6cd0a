-- CreateTable
CREATE TABLE "users"."block" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "block_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "timeline"."block" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "block_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "chat"."block" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "block_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateIndex
CREATE INDEX "block_blocked_id_idx" ON "users"."block"("blocked_id");

-- CreateIndex
CREATE INDEX "block_blocked_id_idx" ON "timeline"."block"("blocked_id");

-- CreateIndex
CREATE INDEX "block_blocked_id_idx" ON "chat"."block"("blocked_id");
