import { actorId, type Actor } from "../actor.ts";
import type { Clock } from "../ports/clock.ts";
import type { Crypto } from "../ports/crypto.ts";
import type { Ids } from "../ports/ids.ts";
import type { Repositories } from "../ports/store.ts";
import { sealFor } from "./chain.ts";
import type { AuditEvent } from "./model.ts";

export interface AuditSubject {
  action: string;
  subjectKind: string;
  subjectId: string;
  tenantId: string | null;
  clientId?: string | null;
}

/** Appends one entry to the audit chain (sealed with the audit MAC key: `src/core/audit/chain.ts`). */
export async function recordAudit(
  deps: { clock: Clock; ids: Ids; crypto: Pick<Crypto, "mac"> },
  repositories: Pick<Repositories, "audit">,
  actor: Actor,
  subject: AuditSubject,
): Promise<void> {
  const event: AuditEvent = {
    id: deps.ids.newId(),
    tenantId: subject.tenantId,
    actorKind: actor.kind === "staff" ? actor.role : actor.kind,
    actorId: actorId(actor),
    action: subject.action,
    subjectKind: subject.subjectKind,
    subjectId: subject.subjectId,
    clientId: subject.clientId ?? null,
    at: deps.clock.now(),
  };
  await repositories.audit.record(event, sealFor(deps.crypto, event));
}
