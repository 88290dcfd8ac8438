-- AlterTable
ALTER TABLE "VolunteerMatch" ADD COLUMN     "meetingAt" TIMESTAMP(3),
ADD COLUMN     "meetingPlace" TEXT,
ADD COLUMN     "meetingVersion" INTEGER NOT NULL DEFAULT 0;
