-- CreateTable
CREATE TABLE "LocalOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "texts" TEXT NOT NULL,
    "address" TEXT,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "timeText" TEXT,
    "url" TEXT,
    "createdBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LocalOffer_municipalityId_area_idx" ON "LocalOffer"("municipalityId", "area");

-- CreateIndex
CREATE UNIQUE INDEX "LocalOffer_municipalityId_source_sourceKey_key" ON "LocalOffer"("municipalityId", "source", "sourceKey");

