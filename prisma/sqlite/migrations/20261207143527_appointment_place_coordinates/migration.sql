-- AlterTable
ALTER TABLE "LocalOffer" ADD COLUMN "latitude" REAL;

ALTER TABLE "LocalOffer" ADD COLUMN "longitude" REAL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_Appointment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "durationMin" INTEGER NOT NULL,
    "place" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "interpreter" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "clientAnswer" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Appointment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

INSERT INTO "new_Appointment" ("clientAnswer", "createdAt", "durationMin", "id", "interpreter", "kind", "managerId", "place", "startsAt", "status", "tenantId", "updatedAt") SELECT "clientAnswer", "createdAt", "durationMin", "id", "interpreter", "kind", "managerId", "place", "startsAt", "status", "tenantId", "updatedAt" FROM "Appointment";

DROP TABLE "Appointment";

ALTER TABLE "new_Appointment" RENAME TO "Appointment";

CREATE INDEX "Appointment_managerId_startsAt_idx" ON "Appointment"("managerId", "startsAt");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
