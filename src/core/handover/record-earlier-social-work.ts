import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { loadClientInScope, primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { maxHandoverNoteLength, type Handover } from "./model.ts";

export const maxAgencyLength = 200;

export const earlierSocialWorkInput = z.object({
  clientId: idSchema,
  /** The agency of the refugee social work (Flüchtlingssozialarbeit) in the preliminary housing, e.g. "Caritas Göppingen". */
  agency: z.string().trim().min(1, "must not be empty").max(maxAgencyLength),
  /** The day of the handover conversation (Übergabegespräch), "YYYY-MM-DD" in the tenant's zone; not in the future. */
  handedOverOn: z.iso.date("must be a date like 2027-02-15"),
  /** What the earlier social work handed over, in German; sealed at rest, shown only on request to note readers. */
  summary: z.string().trim().max(maxHandoverNoteLength).optional(),
});

/**
 * Records what the earlier refugee social work handed over when the case came to integration management (pact 1.3:
 * "fallbezogene Übergabegespräche", so that the manager can "nahtlos anknüpfen"): a handover without a manager,
 * from the agency, to the client's primary manager, with the summary sealed as its note. From the card and from the
 * CSV import; audited. A second record adds to the first (the card shows the latest).
 */
export async function recordEarlierSocialWork(deps: CoreDeps, actor: Actor, input: unknown): Promise<Handover> {
  const parsed = parseInput(earlierSocialWorkInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    const toManagerId = primaryManagerId(assignments) ?? (actor.kind === "staff" ? actor.managerId : null);
    if (!toManagerId) throw new DomainError("conflict", `client ${client.id} has no primary manager`);
    const handover = await saveRecord(deps, repositories, {
      ...parsed,
      clientId: client.id,
      toManagerId,
      zone: await zoneOf(deps, repositories, client.tenantId),
    });
    await recordAudit(deps, repositories, actor, {
      action: "handover.earlier_work.record",
      subjectKind: "handover",
      subjectId: handover.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return handover;
  });
}

async function zoneOf(deps: Pick<CoreDeps, "defaultZone">, repositories: Repositories, tenantId: string): Promise<string> {
  return (await repositories.tenants.get(tenantId))?.timezone ?? deps.defaultZone;
}

/** The record itself (the import writes it in its own transaction and audit). */
export async function saveRecord(
  deps: Pick<CoreDeps, "ids" | "crypto" | "clock">,
  repositories: Pick<Repositories, "handovers">,
  record: z.output<typeof earlierSocialWorkInput> & { toManagerId: string; zone: string },
): Promise<Handover> {
  const [year, month, day] = record.handedOverOn.split("-").map(Number);
  const at = zonedLocalToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: 0, minute: 0 }, record.zone);
  const today = localParts(deps.clock.now(), record.zone);
  if (at > zonedLocalToUtc({ ...today, hour: 0, minute: 0 }, record.zone)) {
    throw new DomainError("invalid_input", "handover day in the future", [{ path: "handedOverOn", message: "must not be in the future" }]);
  }
  const handover: Handover = {
    id: deps.ids.newId(),
    clientId: record.clientId,
    fromManagerId: null,
    fromAgency: record.agency,
    toManagerId: record.toManagerId,
    note: record.summary ? deps.crypto.encrypt(record.summary) : null,
    at,
  };
  await repositories.handovers.create(handover);
  return handover;
}
