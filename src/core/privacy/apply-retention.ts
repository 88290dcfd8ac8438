import { z } from "zod";
import { system } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { eraseClient } from "./erase-client.ts";
import { loadTenantRetentionDays } from "./retention-settings.ts";
import { erasureObjectionDays } from "./model.ts";
import { conversationDedupePrefix, conversationDraftHours, conversationRetentionDays } from "../conversations/model.ts";

const dayMs = 86_400_000;
/** Telegram redelivers an update for at most 24 hours; a week of processed-update records is plenty. */
export const processedUpdateKeepDays = 7;
/**
 * Days a message that is done (sent, failed, cancelled) is kept: long enough to answer "was she told?", and longer
 * than any stretch in which a job plans the same message again and relies on the kept row to skip it (the counselling
 * period's three-month nudge is planned daily for two months, src/core/counselling/period-job.ts).
 */
export const finishedMessageKeepDays = 90;
/** Clients handled per batch; a run goes on while batches come back full. */
export const retentionBatchSize = 200;
const maxBatchesPerRun = 50;

export const applyRetentionInput = z.object({
  /** Days after a case closed before it is anonymised, for tenants without their own (LOTSE_RETENTION_DAYS). */
  retentionDays: z.number().int().min(1),
});

export interface RetentionResult {
  anonymisedClosedCases: number;
  erasedOnRequest: number;
  /** Clients whose erasure failed this run; they are tried again on the next run. */
  failed: number;
  deletedInvites: number;
  deletedDialogStates: number;
  deletedProcessedUpdates: number;
  /** Outbox rows done for more than `finishedMessageKeepDays` (their names, places and times go with them). */
  deletedMessages: number;
  /** Messages between clients and managers older than `conversationRetentionDays` (drafts: `conversationDraftHours`). */
  deletedConversationMessages: number;
}

/** Erases clients one by one (each its own transaction) while `nextBatch` yields new ones; a failure skips a client. */
async function eraseInBatches(deps: CoreDeps, nextBatch: () => Promise<string[]>): Promise<{ erased: number; failed: number }> {
  let erased = 0;
  let failed = 0;
  for (let batch = 0; batch < maxBatchesPerRun; batch += 1) {
    const clientIds = await nextBatch();
    let failedInBatch = 0;
    for (const clientId of clientIds) {
      try {
        await eraseClient(deps, system, { clientId });
        erased += 1;
      } catch {
        failedInBatch += 1;
      }
    }
    failed += failedInBatch;
    // A failing client would come back in the next batch: stop this run instead of looping on it.
    if (clientIds.length < retentionBatchSize || failedInBatch > 0) break;
  }
  return { erased, failed };
}

/**
 * The daily retention job: anonymises clients whose case closed more than their tenant's retention period ago
 * (`lotse tenant retention`, else `retentionDays`), erases clients
 * whose erasure request's objection period has passed, and deletes expired invites, expired dialog states, old
 * processed-update records and messages done for more than `finishedMessageKeepDays`. Each erasure is audited by
 * `eraseClient` (ids only); the run adds one audit record with the counts, without any personal data.
 */
export async function applyRetention(deps: CoreDeps, input: unknown): Promise<RetentionResult> {
  const { retentionDays } = parseInput(applyRetentionInput, input);
  const now = deps.clock.now();
  const requestedBefore = new Date(now.getTime() - erasureObjectionDays * dayMs);

  // Each tenant's own period (lotse tenant retention), else the installation's.
  const closed = { erased: 0, failed: 0 };
  for (const tenant of await deps.store.tenants.list()) {
    const days = (await loadTenantRetentionDays(deps.store, tenant.id)) ?? retentionDays;
    const closedBefore = new Date(now.getTime() - days * dayMs);
    const outcome = await eraseInBatches(deps, () => deps.store.privacy.closedCasesBefore(tenant.id, closedBefore, retentionBatchSize));
    closed.erased += outcome.erased;
    closed.failed += outcome.failed;
  }
  const requested = await eraseInBatches(deps, async () =>
    (await deps.store.privacy.erasureRequestsBefore(requestedBefore, retentionBatchSize)).map((due) => due.clientId),
  );
  const result: RetentionResult = {
    anonymisedClosedCases: closed.erased,
    erasedOnRequest: requested.erased,
    failed: closed.failed + requested.failed,
    deletedInvites: await deps.store.invites.deleteExpired(now),
    deletedDialogStates: await deps.store.dialogs.deleteExpired(now),
    deletedProcessedUpdates: await deps.store.processedUpdates.deleteOlderThan(new Date(now.getTime() - processedUpdateKeepDays * dayMs)),
    // Waiting and claimed rows are never deleted, however old (deleteFinishedBefore).
    deletedMessages:
      (await deps.store.outbox.deleteFinishedBefore(new Date(now.getTime() - finishedMessageKeepDays * dayMs))) +
      // A message between client and manager carries its text (and a file's reference): gone a day after it went.
      (await deps.store.outbox.deleteFinishedBefore(new Date(now.getTime() - dayMs), conversationDedupePrefix)),
    deletedConversationMessages: await deps.store.conversations.deleteExpired(
      new Date(now.getTime() - conversationRetentionDays * dayMs),
      new Date(now.getTime() - conversationDraftHours * 3_600_000),
    ),
  };
  await recordAudit(deps, deps.store, system, {
    action: "privacy.retention",
    subjectKind: "installation",
    subjectId: "retention",
    tenantId: null,
  });
  return result;
}
