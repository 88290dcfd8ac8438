import { randomUUID } from "node:crypto";

/**
 * This process among all that ever handled updates: an update claimed by another boot id and never completed was
 * cut off by a crash or a restart, so its redelivery runs again (ProcessedUpdateRepository.claimUpdate).
 */
export const BOOT_ID = randomUUID();

/** How long an update may be in hand before another delivery of it runs again (replies are bounded to seconds). */
export const UPDATE_LEASE_MS = 60_000;

export const updateClaimant = { bootId: BOOT_ID, leaseMs: UPDATE_LEASE_MS };
