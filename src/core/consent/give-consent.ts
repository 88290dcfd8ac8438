import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { consentPurposes, type ConsentPurpose } from "./model.ts";
import { recordConsentDecision } from "./record-consent.ts";
import type { Repositories } from "../ports/store.ts";
import { tellManagerReachable } from "../identities/tell-manager-reachable.ts";

export const giveConsentInput = z.object({
  clientId: idSchema,
  purposes: z.array(z.enum(consentPurposes)).min(1),
  /** telegram | teams when the client taps it; in_person when the manager records a signed paper form. */
  channel: z.enum(["telegram", "teams", "in_person"]),
});

const hasAnsweredMessaging = async (repositories: Pick<Repositories, "consents">, clientId: string): Promise<boolean> =>
  (await repositories.consents.listForClient(clientId)).some((record) => record.purpose === "messaging");

/** The client consents to purposes (current text versions). Staff may only record an in-person consent. */
export async function giveConsent(deps: CoreDeps, actor: Actor, input: unknown): Promise<ConsentPurpose[]> {
  const parsed = parseInput(giveConsentInput, input);
  if (actor.kind === "client" && actor.clientId !== parsed.clientId) throw forbidden("only for oneself");
  if (actor.kind === "staff" && parsed.channel !== "in_person") throw forbidden("staff record consent in person only");
  if (actor.kind !== "client" && actor.kind !== "staff") throw forbidden(`${actor.kind} cannot give consent`);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, actor.kind === "staff" ? "write" : "basic");
    const purposes = [...new Set(parsed.purposes)];
    const joining = actor.kind === "client" && purposes.includes("messaging") && !(await hasAnsweredMessaging(repositories, client.id));
    const changed = await recordConsentDecision(deps, repositories, actor, client, { purposes, given: true, channel: parsed.channel });
    // The client agreed in the chat for the first time (joining): their manager learns they can be reached now.
    if (joining) await tellManagerReachable(deps, repositories, client, "joined");
    // Messages allowed again: the open "no messages" request on the card is settled.
    if (changed.includes("messaging")) {
      for (const escalation of await repositories.escalations.listForClient(client.id)) {
        if (escalation.kind === "consent_declined" && escalation.status === "open") {
          await repositories.escalations.update({ ...escalation, status: "resolved", resolvedAt: deps.clock.now() });
        }
      }
    }
    return purposes;
  });
}
