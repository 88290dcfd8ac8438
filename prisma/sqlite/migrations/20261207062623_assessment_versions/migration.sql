-- CreateTable
CREATE TABLE "AssessmentVersion" (
    "clientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "gender" TEXT,
    "changed" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "recordedBy" TEXT NOT NULL,

    PRIMARY KEY ("clientId", "version")
);
