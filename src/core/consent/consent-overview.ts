import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { hasCurrentConsent, latestRecord } from "./consent-state.ts";
import { consentPurposes, type ConsentPurpose } from "./model.ts";

export interface ConsentStatus {
  purpose: ConsentPurpose;
  given: boolean;
  /** When the latest decision was made, if any. */
  at: Date | null;
  channel: string | null;
}

/** Where a client stands per purpose; for the client themself and the staff who may see the case. */
export async function consentOverview(deps: CoreDeps, actor: Actor, clientId: string): Promise<ConsentStatus[]> {
  const { client } = await loadClientInScope(deps.store, actor, clientId, "basic");
  const ledger = await deps.store.consents.listForClient(clientId);
  await recordAudit(deps, deps.store, actor, { action: "consent.read", subjectKind: "client", subjectId: clientId, tenantId: client.tenantId, clientId });
  return consentPurposes.map((purpose) => {
    const latest = latestRecord(ledger, purpose);
    return { purpose, given: hasCurrentConsent(ledger, purpose), at: latest?.at ?? null, channel: latest?.channel ?? null };
  });
}
