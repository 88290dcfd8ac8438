import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { issueInvite } from "../invites/issue-invite.ts";
import type { IssuedInvite } from "../invites/model.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff } from "../scope/client-access.ts";
import { clientLanguageSchema } from "../shared/languages.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, labelSchema, personNameSchema, timeZoneSchema } from "../shared/values.ts";
import { genders, type Client, type Household } from "./model.ts";

export const createClientInput = z.object({
  name: personNameSchema,
  language: clientLanguageSchema,
  /** An existing household of the caseload, or a new one with this label (default: the client's name). */
  householdId: idSchema.optional(),
  householdLabel: labelSchema.optional(),
  municipalityId: idSchema.optional(),
  timezone: timeZoneSchema.optional(),
  caseStartedAt: z.coerce.date().optional(),
  gender: z.enum(genders).optional(),
});

export interface CreatedClient {
  client: Client;
  household: Household;
  invite: IssuedInvite;
}

async function householdFor(
  deps: CoreDeps,
  repositories: Repositories,
  actor: Extract<Actor, { kind: "staff" }>,
  input: z.output<typeof createClientInput>,
): Promise<Household> {
  if (input.householdId) {
    const household = await repositories.households.get(input.householdId);
    if (!household || household.tenantId !== actor.tenantId) throw notFound("household", input.householdId);
    const members = await repositories.clients.listByHousehold(household.id);
    const assignments = await Promise.all(members.map((m) => repositories.assignments.listForClient(m.id)));
    if (!assignments.flat().some((a) => a.managerId === actor.managerId)) throw forbidden("household is not in the caseload");
    return household;
  }
  const household: Household = {
    id: deps.ids.newId(),
    tenantId: actor.tenantId,
    municipalityId: input.municipalityId ?? null,
    label: input.householdLabel ?? input.name,
    createdAt: deps.clock.now(),
  };
  await repositories.households.create(household);
  return household;
}

/** A manager takes on a new client: household, case (primary assignment) and a client invite in one step. */
export async function createClient(deps: CoreDeps, actor: Actor, input: unknown): Promise<CreatedClient> {
  assertStaff(actor);
  if (actor.role !== "manager" && actor.role !== "admin") throw forbidden(`${actor.role} does not take on cases`);
  const parsed = parseInput(createClientInput, input);
  return deps.store.transaction(async (repositories) => {
    if (parsed.municipalityId) {
      const municipality = await repositories.municipalities.get(parsed.municipalityId);
      if (!municipality || municipality.tenantId !== actor.tenantId) {
        throw new DomainError("invalid_input", "unknown municipality", [{ path: "municipalityId", message: "unknown municipality" }]);
      }
    }
    const household = await householdFor(deps, repositories, actor, parsed);
    const now = deps.clock.now();
    const client: Client = {
      id: deps.ids.newId(),
      tenantId: actor.tenantId,
      householdId: household.id,
      municipalityId: parsed.municipalityId ?? household.municipalityId,
      name: parsed.name,
      language: parsed.language,
      timezone: parsed.timezone ?? null,
      ...(parsed.gender ? { gender: parsed.gender } : {}),
      status: "open",
      caseStartedAt: parsed.caseStartedAt ?? now,
      closedAt: null,
      anonymizedAt: null,
      createdAt: now,
    };
    await repositories.clients.create(client);
    await repositories.assignments.assign({ clientId: client.id, managerId: actor.managerId, kind: "primary", createdAt: now });
    const invite = await issueInvite(deps, repositories, { purpose: "link_client", tenantId: actor.tenantId, clientId: client.id });
    await recordAudit(deps, repositories, actor, {
      action: "client.create",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { client, household, invite };
  });
}
