-- CreateTable
CREATE TABLE "AssessmentVersion" (
    "clientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "gender" TEXT,
    "changed" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "AssessmentVersion_pkey" PRIMARY KEY ("clientId","version")
);
