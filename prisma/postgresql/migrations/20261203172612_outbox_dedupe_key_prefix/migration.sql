-- CreateIndex
CREATE INDEX "OutboxMessage_dedupeKey_idx" ON "OutboxMessage"("dedupeKey" text_pattern_ops);

