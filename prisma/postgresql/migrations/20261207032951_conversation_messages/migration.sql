-- CreateTable
CREATE TABLE "ConversationMessage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "text" TEXT,
    "phraseCode" TEXT,
    "fileKind" TEXT,
    "fileChannel" TEXT,
    "fileRef" TEXT,
    "fileName" TEXT,
    "fileMime" TEXT,
    "replyToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "passedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ConversationMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConversationMessage_managerId_status_idx" ON "ConversationMessage"("managerId", "status");

-- CreateIndex
CREATE INDEX "ConversationMessage_clientId_status_idx" ON "ConversationMessage"("clientId", "status");

-- CreateIndex
CREATE INDEX "ConversationMessage_createdAt_idx" ON "ConversationMessage"("createdAt");
