-- CreateTable
CREATE TABLE "LocalOffer" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "texts" TEXT NOT NULL,
    "address" TEXT,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "timeText" TEXT,
    "url" TEXT,
    "createdBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LocalOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LocalOffer_municipalityId_area_idx" ON "LocalOffer"("municipalityId", "area");

-- CreateIndex
CREATE UNIQUE INDEX "LocalOffer_municipalityId_source_sourceKey_key" ON "LocalOffer"("municipalityId", "source", "sourceKey");

