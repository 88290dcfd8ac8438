-- A claimed outbox row keeps the stored status 'pending' and carries its lease in "claimedUntil"
-- (src/store/repositories/outbox.ts, "How a claim is stored"): claiming then changes no indexed column and
-- PostgreSQL updates the row in place (HOT) when its page has room. Rows claimed before this migration keep their
-- lease; a dispatcher of the old release that still holds one finishes it as a stale lease after the upgrade.
UPDATE "OutboxMessage" SET "status" = 'pending' WHERE "status" = 'sending';

-- Room on each page for the claimed version of its rows (new pages only; existing pages fill as they are rewritten).
ALTER TABLE "OutboxMessage" SET (fillfactor = 80);
