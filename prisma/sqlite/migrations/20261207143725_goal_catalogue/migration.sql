-- AlterTable
ALTER TABLE "Goal" ADD COLUMN "catalogueKey" TEXT;
