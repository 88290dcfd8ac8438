-- DropIndex
DROP INDEX "OutboxMessage_clientId_status_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_clientId_idx" ON "OutboxMessage"("clientId");

-- CreateIndex
CREATE INDEX "OutboxMessage_recipientKind_recipientId_idx" ON "OutboxMessage"("recipientKind", "recipientId");

