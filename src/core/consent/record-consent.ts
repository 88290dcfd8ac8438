import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { currentConsentVersions, type ConsentPurpose } from "./model.ts";

/** Appends one ledger row per purpose (current text versions) and audits the decision. */
export async function recordConsentDecision(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "consents" | "audit">,
  actor: Actor,
  client: Client,
  decision: { purposes: ConsentPurpose[]; given: boolean; channel: string },
): Promise<void> {
  for (const purpose of decision.purposes) {
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
    action: `consent.${decision.given ? "give" : "withdraw"}:${decision.purposes.join(",")}`,
    subjectKind: "client",
    subjectId: client.id,
    tenantId: client.tenantId,
    clientId: client.id,
  });
}
