import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden } from "../errors.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { escalationDueAt } from "../reminders/manager-times.ts";
import { loadReminderSettings, tenantZone } from "../reminders/recipient-zone.ts";
import { localIsoDate } from "../reminders/staff-recipients.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import type { CounsellingExtension } from "./model.ts";
import { counsellingPeriod, type CounsellingPeriod } from "./period.ts";

export const extendPeriodInput = z.object({
  clientId: idSchema,
  /** Why the case needs a fourth year: required, shown to the supervisor. */
  reason: z.string().trim().min(10, "give a reason of at least 10 characters").max(1000),
  /** The new last day (YYYY-MM-DD); default: four years after the case start. */
  endsOn: z.iso.date("must be a date like 2029-03-31").optional(),
});

export const extensionNoticeKey = "manager_counselling.extended.notice";
export const periodDedupePrefix = (clientId: string): string => `period:${clientId}:nudge:`;

async function notifySupervisors(deps: CoreDeps, repositories: Repositories, extension: CounsellingExtension, clientName: string, managerName: string) {
  const zone = await tenantZone(repositories, extension.tenantId, deps.defaultZone);
  const settings = await loadReminderSettings(repositories, extension.tenantId);
  const endDate = localIsoDate(localParts(new Date(extension.endsAt.getTime() - 1), zone)); // the last day
  for (const supervisor of await repositories.managers.listByTenant(extension.tenantId)) {
    if (supervisor.role !== "supervisor" || !supervisor.active) continue;
    await planMessage(deps, repositories, {
      dedupeKey: `period:${extension.clientId}:extended:${extension.id}:${supervisor.id}`,
      tenantId: extension.tenantId,
      recipientKind: "manager",
      recipientId: supervisor.id,
      // About the client: an erasure empties its params (the name) like every message about them.
      clientId: extension.clientId,
      ...outboxContent(extensionNoticeKey, { client: clientName, manager: managerName, endDate }),
      actions: [],
      dueAt: escalationDueAt(deps.clock.now(), zone, settings),
    });
  }
}

/** The instant a period ends when its last day is `isoDate`: the start of the following day. */
function endOfLastDay(isoDate: string, zone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  const midnight = zonedLocalToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0 }, zone);
  const next = localParts(new Date(midnight.getTime() + 36 * 3_600_000), zone);
  return zonedLocalToUtc({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0 }, zone);
}

/**
 * A manager extends a case's counselling period beyond three years (at most four after the case start), with a
 * reason. The supervisors of the tenant are told; pending end-of-period nudges make way for new ones.
 */
export async function extendCounsellingPeriod(deps: CoreDeps, actor: Actor, input: unknown): Promise<CounsellingPeriod> {
  const parsed = parseInput(extendPeriodInput, input);
  if (actor.kind !== "staff" || (actor.role !== "manager" && actor.role !== "admin")) throw forbidden(`${actor.kind} may not extend a counselling period`);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    if (client.status === "closed") throw new DomainError("case_closed", "case is closed");
    const zone = client.timezone ?? (await tenantZone(repositories, client.tenantId, deps.defaultZone));
    const now = deps.clock.now();
    const current = counsellingPeriod(client, await repositories.counsellingExtensions.listForClient(client.id), zone, now);
    const endsAt = parsed.endsOn ? endOfLastDay(parsed.endsOn, zone) : current.latestEndsAt;
    if (endsAt > current.latestEndsAt) {
      throw new DomainError("invalid_input", "at most four years after the case start", [
        { path: "endsOn", message: "at most four years after the case start" },
      ]);
    }
    if (endsAt <= current.endsAt) throw new DomainError("conflict", "the period already lasts as long");
    const extension: CounsellingExtension = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      managerId: actor.managerId,
      endsAt,
      reason: deps.crypto.encrypt(parsed.reason),
      at: now,
    };
    await repositories.counsellingExtensions.add(extension);
    await repositories.outbox.cancelPendingByPrefix(periodDedupePrefix(client.id));
    const manager = await repositories.managers.get(actor.managerId);
    await notifySupervisors(deps, repositories, extension, client.name, manager?.name ?? "");
    await recordAudit(deps, repositories, actor, {
      action: "case.extend_period",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return counsellingPeriod(client, [...(await repositories.counsellingExtensions.listForClient(client.id))], zone, now);
  });
}
