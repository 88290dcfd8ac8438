-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "quietHours" TEXT;

-- AlterTable
ALTER TABLE "Manager" ADD COLUMN     "quietHours" TEXT,
ADD COLUMN     "workDays" TEXT;
