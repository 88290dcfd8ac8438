import { z } from "zod";
import { actorId, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, labelSchema } from "../shared/values.ts";
import type { LocalOffer } from "./model.ts";

export const addOfferInput = z.object({
  municipalityId: idSchema,
  area: planAreaSchema,
  /** German: managers and admins write offers in German; clients see them with a note saying so. */
  title: labelSchema,
  summary: z.string().trim().max(600).optional(),
  address: z.string().trim().min(1).max(300).optional(),
  /** When, in words, e.g. "dienstags 18–20 Uhr". */
  timeText: z.string().trim().min(1).max(200).optional(),
  url: z
    .url({ protocol: /^https?$/, error: "must be a link starting with https://" })
    .max(500)
    .optional(),
});

/**
 * A manager, admin or the operator adds a local offer by hand (a municipality without an Integreat region, or an
 * offer Integreat lacks).
 */
export async function addLocalOffer(deps: CoreDeps, actor: Actor, input: unknown): Promise<LocalOffer> {
  const parsed = parseInput(addOfferInput, input);
  if (actor.kind === "staff" && actor.role === "supervisor") throw forbidden("supervisors do not add offers");
  if (actor.kind !== "staff" && actor.kind !== "operator") throw forbidden(`${actor.kind} may not add offers`);
  return deps.store.transaction(async (repositories) => {
    const municipality = await repositories.municipalities.get(parsed.municipalityId);
    if (!municipality || (actor.kind === "staff" && municipality.tenantId !== actor.tenantId)) {
      throw new DomainError("invalid_input", "unknown municipality", [{ path: "municipalityId", message: "unknown municipality" }]);
    }
    const id = deps.ids.newId();
    const offer: LocalOffer = {
      id,
      tenantId: municipality.tenantId,
      municipalityId: municipality.id,
      source: "manual",
      sourceKey: id,
      kind: "offer",
      area: parsed.area,
      texts: { de: { title: parsed.title, summary: parsed.summary ?? "" } },
      address: parsed.address ?? null,
      startsAt: null,
      endsAt: null,
      timeText: parsed.timeText ?? null,
      coordinates: null,
      url: parsed.url ?? null,
      createdBy: actorId(actor),
      updatedAt: deps.clock.now(),
    };
    await repositories.localOffers.create(offer);
    await recordAudit(deps, repositories, actor, { action: "offer.add", subjectKind: "offer", subjectId: offer.id, tenantId: offer.tenantId });
    return offer;
  });
}
