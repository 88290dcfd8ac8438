-- AlterTable
ALTER TABLE "Handover" ADD COLUMN     "fromAgency" TEXT,
ALTER COLUMN "fromManagerId" DROP NOT NULL;
