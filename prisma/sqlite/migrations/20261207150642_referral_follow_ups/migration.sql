-- CreateIndex
CREATE INDEX "Referral_managerId_followUpAt_idx" ON "Referral"("managerId", "followUpAt");
