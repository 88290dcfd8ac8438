-- A claimed outbox row keeps the stored status 'pending' and carries its lease in "claimedUntil"
-- (src/store/repositories/outbox.ts, "How a claim is stored"): claiming then leaves the (status, dueAt) index alone.
UPDATE "OutboxMessage" SET "status" = 'pending' WHERE "status" = 'sending';
