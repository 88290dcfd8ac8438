-- RedefineTables
PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_VolunteerMatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "volunteerId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "contactWay" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "meetingAt" DATETIME,
    "meetingPlace" TEXT,
    "meetingVersion" INTEGER NOT NULL DEFAULT 0
);

INSERT INTO "new_VolunteerMatch" ("clientId", "contactWay", "endedAt", "id", "managerId", "offer", "outcome", "startedAt", "status", "tenantId", "volunteerId") SELECT "clientId", "contactWay", "endedAt", "id", "managerId", "offer", "outcome", "startedAt", "status", "tenantId", "volunteerId" FROM "VolunteerMatch";

DROP TABLE "VolunteerMatch";

ALTER TABLE "new_VolunteerMatch" RENAME TO "VolunteerMatch";

CREATE INDEX "VolunteerMatch_volunteerId_idx" ON "VolunteerMatch"("volunteerId");

CREATE INDEX "VolunteerMatch_clientId_idx" ON "VolunteerMatch"("clientId");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
