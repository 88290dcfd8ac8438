-- AlterTable
ALTER TABLE "ProcessedUpdate" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "done" BOOLEAN NOT NULL DEFAULT true;
