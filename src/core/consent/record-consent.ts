import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { hasCurrentConsent, latestRecord } from "./consent-state.ts";
import { currentConsentVersions, type ConsentPurpose } from "./model.ts";

/**
 * Appends one ledger row per purpose whose state changes (current text versions) and audits the decision; returns
 * the purposes that changed.
 */
export async function recordConsentDecision(
  deps: Pick<CoreDeps, "clock" | "ids" | "crypto">,
  repositories: Pick<Repositories, "consents" | "audit">,
  actor: Actor,
  client: Client,
  decision: { purposes: ConsentPurpose[]; given: boolean; channel: string },
): Promise<ConsentPurpose[]> {
  // A decision that is already the current state (a double tap, a second device) adds no ledger row.
  const ledger = await repositories.consents.listForClient(client.id);
  const changed = decision.purposes.filter((purpose) =>
    decision.given ? !hasCurrentConsent(ledger, purpose) : latestRecord(ledger, purpose)?.given !== false,
  );
  if (changed.length === 0) return [];
  for (const purpose of changed) {
    await repositories.consents.append({
      id: deps.ids.newId(),
      clientId: client.id,
      purpose,
      version: currentConsentVersions[purpose],
      given: decision.given,
      channel: decision.channel,
      at: deps.clock.now(),
    });
  }
  await recordAudit(deps, repositories, actor, {
    action: `consent.${decision.given ? "give" : "withdraw"}:${changed.join(",")}`,
    subjectKind: "client",
    subjectId: client.id,
    tenantId: client.tenantId,
    clientId: client.id,
  });
  return changed;
}
