import { agreementPlanParts } from "../core/chat/plan-agreement.ts";
import type { TextPart } from "../core/dialog/messages.ts";
import { outboxParamKindsOf } from "../core/outbox/message-kinds.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import type { Repositories } from "../core/ports/store.ts";

/**
 * The plan a row asks a client to agree to (a param of kind `plan`, message-kinds.ts), at the version the row names,
 * in the client's language and zone: made when the row is sent, from that version's snapshot (what the client agrees
 * to is that version, even when the plan changed since). Nothing for any other row.
 */
export async function agreementRowParts(
  repositories: Pick<Repositories, "planVersions">,
  message: Pick<OutboxMessage, "messageKey" | "params" | "recipientKind">,
  zone: string,
): Promise<TextPart[]> {
  if (message.recipientKind !== "client") return [];
  const kinds = outboxParamKindsOf(message.messageKey) ?? {};
  const name = Object.keys(kinds).find((param) => kinds[param] === "plan");
  const planId = name === undefined ? undefined : message.params[name];
  const version = message.params["version"];
  if (typeof planId !== "string" || typeof version !== "number") return [];
  return agreementPlanParts(repositories, planId, version, zone);
}
