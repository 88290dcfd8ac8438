-- CreateTable
CREATE TABLE "CounsellingExtension" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CounsellingExtension_clientId_idx" ON "CounsellingExtension"("clientId");

-- CreateIndex
CREATE INDEX "CounsellingExtension_tenantId_at_idx" ON "CounsellingExtension"("tenantId", "at");

