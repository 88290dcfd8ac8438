-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "hash" TEXT;

ALTER TABLE "AuditEvent" ADD COLUMN "keyId" TEXT;

ALTER TABLE "AuditEvent" ADD COLUMN "prevHash" TEXT;

ALTER TABLE "AuditEvent" ADD COLUMN "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- The chain starts empty; entries written before this migration stay unchained (seq NULL).
INSERT INTO "AuditChainHead" ("id", "seq", "hash") VALUES ('audit', 0, '');
