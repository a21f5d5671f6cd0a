-- AlterTable
ALTER TABLE "chat"."user_state" ADD COLUMN     "account_version" INTEGER NOT NULL DEFAULT 0;
