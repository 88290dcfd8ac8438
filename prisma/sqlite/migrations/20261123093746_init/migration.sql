-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Municipality" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Municipality_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Manager" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "qualification" TEXT,
    "aadObjectId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Manager_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManagerMunicipality" (
    "managerId" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,

    PRIMARY KEY ("managerId", "municipalityId"),
    CONSTRAINT "ManagerMunicipality_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ManagerMunicipality_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "municipalityId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Household_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Client" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "municipalityId" TEXT,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "timezone" TEXT,
    "status" TEXT NOT NULL,
    "caseStartedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "anonymizedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Client_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Client_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Client_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseAssignment" (
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("clientId", "managerId"),
    CONSTRAINT "CaseAssignment_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseAssignment_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "conversationRef" TEXT,
    "managerId" TEXT,
    "clientId" TEXT,
    "locale" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "linkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deactivatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "codeHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "managerId" TEXT,
    "clientId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "given" BOOLEAN NOT NULL,
    "channel" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Assessment" (
    "clientId" TEXT NOT NULL PRIMARY KEY,
    "data" TEXT NOT NULL DEFAULT '{}',
    "sensitive" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "IntegrationPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT,
    "householdId" TEXT,
    "version" INTEGER NOT NULL,
    "nextReviewAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlanVersion" (
    "planId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,

    PRIMARY KEY ("planId", "version"),
    CONSTRAINT "PlanVersion_planId_fkey" FOREIGN KEY ("planId") REFERENCES "IntegrationPlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Goal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Goal_planId_fkey" FOREIGN KEY ("planId") REFERENCES "IntegrationPlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Step" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "goalId" TEXT NOT NULL,
    "catalogueKey" TEXT,
    "params" TEXT NOT NULL DEFAULT '{}',
    "customText" TEXT,
    "note" TEXT,
    "responsible" TEXT NOT NULL,
    "dueAt" DATETIME,
    "cadenceDays" INTEGER,
    "status" TEXT NOT NULL,
    "lastCheckinAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Step_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stepId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Appointment" (
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
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Appointment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppointmentClient" (
    "appointmentId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,

    PRIMARY KEY ("appointmentId", "clientId"),
    CONSTRAINT "AppointmentClient_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "durationMin" INTEGER NOT NULL,
    "areas" TEXT NOT NULL DEFAULT '[]',
    "note" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "followUpAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "fromManagerId" TEXT NOT NULL,
    "toManagerId" TEXT NOT NULL,
    "note" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "clientId" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DialogState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "channel" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("channel", "updateId")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "tenantId" TEXT,
    "recipientKind" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "clientId" TEXT,
    "messageKey" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "actions" TEXT NOT NULL DEFAULT '[]',
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedUntil" DATETIME,
    "providerMessageId" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Municipality_tenantId_idx" ON "Municipality"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_aadObjectId_key" ON "Manager"("aadObjectId");

-- CreateIndex
CREATE INDEX "Manager_tenantId_idx" ON "Manager"("tenantId");

-- CreateIndex
CREATE INDEX "Household_tenantId_idx" ON "Household"("tenantId");

-- CreateIndex
CREATE INDEX "Client_tenantId_status_idx" ON "Client"("tenantId", "status");

-- CreateIndex
CREATE INDEX "Client_tenantId_searchName_idx" ON "Client"("tenantId", "searchName");

-- CreateIndex
CREATE INDEX "Client_householdId_idx" ON "Client"("householdId");

-- CreateIndex
CREATE INDEX "CaseAssignment_managerId_idx" ON "CaseAssignment"("managerId");

-- CreateIndex
CREATE INDEX "ChannelIdentity_managerId_idx" ON "ChannelIdentity"("managerId");

-- CreateIndex
CREATE INDEX "ChannelIdentity_clientId_idx" ON "ChannelIdentity"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_externalId_key" ON "ChannelIdentity"("channel", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_codeHash_key" ON "Invite"("codeHash");

-- CreateIndex
CREATE INDEX "Invite_expiresAt_idx" ON "Invite"("expiresAt");

-- CreateIndex
CREATE INDEX "Consent_clientId_purpose_at_idx" ON "Consent"("clientId", "purpose", "at");

-- CreateIndex
CREATE INDEX "IntegrationPlan_clientId_idx" ON "IntegrationPlan"("clientId");

-- CreateIndex
CREATE INDEX "IntegrationPlan_householdId_idx" ON "IntegrationPlan"("householdId");

-- CreateIndex
CREATE INDEX "IntegrationPlan_tenantId_nextReviewAt_idx" ON "IntegrationPlan"("tenantId", "nextReviewAt");

-- CreateIndex
CREATE INDEX "Goal_planId_idx" ON "Goal"("planId");

-- CreateIndex
CREATE INDEX "Step_goalId_idx" ON "Step"("goalId");

-- CreateIndex
CREATE INDEX "CheckIn_stepId_idx" ON "CheckIn"("stepId");

-- CreateIndex
CREATE INDEX "Escalation_managerId_status_idx" ON "Escalation"("managerId", "status");

-- CreateIndex
CREATE INDEX "Escalation_clientId_idx" ON "Escalation"("clientId");

-- CreateIndex
CREATE INDEX "Appointment_managerId_startsAt_idx" ON "Appointment"("managerId", "startsAt");

-- CreateIndex
CREATE INDEX "AppointmentClient_clientId_idx" ON "AppointmentClient"("clientId");

-- CreateIndex
CREATE INDEX "Contact_clientId_at_idx" ON "Contact"("clientId", "at");

-- CreateIndex
CREATE INDEX "Contact_tenantId_at_idx" ON "Contact"("tenantId", "at");

-- CreateIndex
CREATE INDEX "Referral_clientId_idx" ON "Referral"("clientId");

-- CreateIndex
CREATE INDEX "Referral_tenantId_createdAt_idx" ON "Referral"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Handover_clientId_idx" ON "Handover"("clientId");

-- CreateIndex
CREATE INDEX "AuditEvent_clientId_at_idx" ON "AuditEvent"("clientId", "at");

-- CreateIndex
CREATE INDEX "DialogState_expiresAt_idx" ON "DialogState"("expiresAt");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_at_idx" ON "ProcessedUpdate"("at");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_dueAt_idx" ON "OutboxMessage"("status", "dueAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_clientId_status_idx" ON "OutboxMessage"("clientId", "status");

