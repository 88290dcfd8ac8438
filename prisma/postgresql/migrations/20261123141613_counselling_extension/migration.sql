-- CreateTable
CREATE TABLE "CounsellingExtension" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CounsellingExtension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CounsellingExtension_clientId_idx" ON "CounsellingExtension"("clientId");

-- CreateIndex
CREATE INDEX "CounsellingExtension_tenantId_at_idx" ON "CounsellingExtension"("tenantId", "at");

