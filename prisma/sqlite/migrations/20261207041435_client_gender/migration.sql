-- AlterTable
ALTER TABLE "Client" ADD COLUMN "gender" TEXT;
