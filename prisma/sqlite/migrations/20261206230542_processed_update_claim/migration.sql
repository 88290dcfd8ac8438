-- RedefineTables
PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_ProcessedUpdate" (
    "channel" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT true,
    "claimedBy" TEXT,

    PRIMARY KEY ("channel", "updateId")
);

INSERT INTO "new_ProcessedUpdate" ("at", "channel", "updateId") SELECT "at", "channel", "updateId" FROM "ProcessedUpdate";

DROP TABLE "ProcessedUpdate";

ALTER TABLE "new_ProcessedUpdate" RENAME TO "ProcessedUpdate";

CREATE INDEX "ProcessedUpdate_at_idx" ON "ProcessedUpdate"("at");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
