import { actorId, type Actor } from "../actor.ts";
import type { Clock } from "../ports/clock.ts";
import type { Ids } from "../ports/ids.ts";
import type { Repositories } from "../ports/store.ts";

export interface AuditSubject {
  action: string;
  subjectKind: string;
  subjectId: string;
  tenantId: string | null;
  clientId?: string | null;
}

export async function recordAudit(
  deps: { clock: Clock; ids: Ids },
  repositories: Pick<Repositories, "audit">,
  actor: Actor,
  subject: AuditSubject,
): Promise<void> {
  await repositories.audit.record({
    id: deps.ids.newId(),
    tenantId: subject.tenantId,
    actorKind: actor.kind === "staff" ? actor.role : actor.kind,
    actorId: actorId(actor),
    action: subject.action,
    subjectKind: subject.subjectKind,
    subjectId: subject.subjectId,
    clientId: subject.clientId ?? null,
    at: deps.clock.now(),
  });
}
