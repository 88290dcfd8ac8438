-- CreateTable
CREATE TABLE "Volunteer" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "languages" TEXT NOT NULL DEFAULT '[]',
    "offers" TEXT NOT NULL DEFAULT '[]',
    "availability" TEXT NOT NULL,
    "consentAt" TIMESTAMP(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Volunteer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerMatch" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "volunteerId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "contactWay" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "VolunteerMatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerInvite" (
    "id" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "volunteerId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolunteerInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerIdentity" (
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "volunteerId" TEXT NOT NULL,
    "locale" TEXT,
    "linkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolunteerIdentity_pkey" PRIMARY KEY ("channel","externalId")
);

-- CreateIndex
CREATE INDEX "Volunteer_municipalityId_idx" ON "Volunteer"("municipalityId");

-- CreateIndex
CREATE INDEX "Volunteer_tenantId_idx" ON "Volunteer"("tenantId");

-- CreateIndex
CREATE INDEX "VolunteerMatch_volunteerId_idx" ON "VolunteerMatch"("volunteerId");

-- CreateIndex
CREATE INDEX "VolunteerMatch_clientId_idx" ON "VolunteerMatch"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerInvite_codeHash_key" ON "VolunteerInvite"("codeHash");

-- CreateIndex
CREATE INDEX "VolunteerInvite_volunteerId_idx" ON "VolunteerInvite"("volunteerId");

-- CreateIndex
CREATE INDEX "VolunteerIdentity_volunteerId_idx" ON "VolunteerIdentity"("volunteerId");

