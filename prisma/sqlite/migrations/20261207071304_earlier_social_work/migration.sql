-- RedefineTables
PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_Handover" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "fromManagerId" TEXT,
    "fromAgency" TEXT,
    "toManagerId" TEXT NOT NULL,
    "note" TEXT,
    "at" DATETIME NOT NULL
);

INSERT INTO "new_Handover" ("at", "clientId", "fromManagerId", "id", "note", "toManagerId") SELECT "at", "clientId", "fromManagerId", "id", "note", "toManagerId" FROM "Handover";

DROP TABLE "Handover";

ALTER TABLE "new_Handover" RENAME TO "Handover";

CREATE INDEX "Handover_clientId_idx" ON "Handover"("clientId");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
