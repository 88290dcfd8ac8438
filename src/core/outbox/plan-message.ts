import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { OutboxMessage, PlannedMessage } from "./model.ts";

/** Puts a planned message into the outbox (a pending row; the dispatcher renders and sends it). */
export async function planMessage(deps: Pick<CoreDeps, "clock" | "ids">, repositories: Pick<Repositories, "outbox">, planned: PlannedMessage): Promise<void> {
  const message: OutboxMessage = {
    ...planned,
    id: deps.ids.newId(),
    status: "pending",
    attempts: 0,
    claimedUntil: null,
    providerMessageId: null,
    lastError: null,
    createdAt: deps.clock.now(),
    sentAt: null,
  };
  await repositories.outbox.enqueue(message);
}

/**
 * A message to a client, only when they consented to messaging (nothing is sent before consent,
 * withdrawal stops everything). Returns whether it was planned. Params must never hold notes, health or residence details.
 */
export async function planClientMessage(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "outbox" | "consents">,
  planned: Omit<PlannedMessage, "recipientKind" | "clientId"> & { recipientId: string },
): Promise<boolean> {
  const ledger = await repositories.consents.listForClient(planned.recipientId);
  if (!hasCurrentConsent(ledger, "messaging")) return false;
  await planMessage(deps, repositories, { ...planned, recipientKind: "client", clientId: planned.recipientId });
  return true;
}
