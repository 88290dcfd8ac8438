import { outboxContent, type OutboxMessageKey } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { planClientMessage, planMessage } from "../outbox/plan-message.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { languageOwnNames, type ClientLanguage } from "../shared/languages.ts";
import { idSchema } from "../shared/values.ts";
import { contactWays, volunteerOffers, type ContactWay, type VolunteerMatch } from "./model.ts";
import { firstName } from "./volunteer-scope.ts";

export const matchVolunteerInput = z.object({
  clientId: idSchema,
  volunteerId: idSchema,
  offer: z.enum(volunteerOffers),
  contactWay: z.enum(contactWays),
});

/** The client's notice, in their language: the volunteer's first name and how contact will happen. */
export const matchNoticeKeys: Record<ContactWay, OutboxMessageKey> = {
  manager_introduces: "volunteers.matched.manager_introduces",
  volunteer_calls: "volunteers.matched.volunteer_calls",
  meet_at_office: "volunteers.matched.meet_at_office",
};

export interface RecordedMatch {
  match: VolunteerMatch;
  clientName: string;
  volunteerName: string;
  /** False when the client has not agreed to messages. */
  clientTold: boolean;
  /** False when the volunteer has not linked a chat Lotse can write to: the manager tells them. */
  volunteerTold: boolean;
}

/**
 * A manager matches a volunteer to a client for one kind of help; the client is told in their language, the volunteer
 * in their chat (the client's first name and language and the manager's name, nothing else).
 */
export async function matchVolunteer(deps: CoreDeps, actor: Actor, input: unknown): Promise<RecordedMatch> {
  assertStaff(actor);
  if (actor.role === "supervisor") throw forbidden("supervisors do not match volunteers");
  const parsed = parseInput(matchVolunteerInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    if (client.status === "closed") throw new DomainError("case_closed", "case is closed");
    const volunteer = await repositories.volunteers.get(parsed.volunteerId);
    if (!volunteer || !volunteer.active || volunteer.tenantId !== client.tenantId) throw notFound("volunteer", parsed.volunteerId);
    if (!volunteer.offers.includes(parsed.offer)) {
      throw new DomainError("invalid_input", "the volunteer does not offer this", [{ path: "offer", message: "the volunteer does not offer this" }]);
    }
    const active = await repositories.volunteerMatches.listForClient(client.id);
    if (active.some((m) => m.status === "active" && m.volunteerId === volunteer.id && m.offer === parsed.offer))
      throw new DomainError("conflict", "already matched");
    const now = deps.clock.now();
    const match: VolunteerMatch = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      volunteerId: volunteer.id,
      clientId: client.id,
      managerId: actor.managerId,
      offer: parsed.offer,
      contactWay: parsed.contactWay,
      status: "active",
      outcome: null,
      startedAt: now,
      endedAt: null,
      meetingAt: null,
      meetingPlace: null,
      meetingVersion: 0,
    };
    await repositories.volunteerMatches.create(match);
    const clientTold = await planClientMessage(deps, repositories, {
      dedupeKey: `match:${match.id}:client`,
      tenantId: client.tenantId,
      recipientId: client.id,
      ...outboxContent(matchNoticeKeys[parsed.contactWay], { name: firstName(volunteer.name) }),
      actions: [],
      dueAt: now,
    });
    const manager = await repositories.managers.get(actor.managerId);
    const chats = (await repositories.volunteerAccess.listIdentities(volunteer.id)).filter((link) => link.channel === "telegram");
    const volunteerTold = chats.length > 0;
    if (volunteerTold) {
      await planMessage(deps, repositories, {
        dedupeKey: `match:${match.id}:volunteer`,
        tenantId: client.tenantId,
        recipientKind: "volunteer",
        recipientId: volunteer.id,
        clientId: client.id,
        ...outboxContent("volunteers.volunteer.matched", {
          firstName: firstName(client.name),
          language: languageOwnNames[client.language as ClientLanguage] ?? client.language,
          manager: manager?.name ?? "",
        }),
        actions: [],
        dueAt: now,
      });
    }
    await recordAudit(deps, repositories, actor, {
      action: "volunteer.match",
      subjectKind: "volunteer_match",
      subjectId: match.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { match, clientName: client.name, volunteerName: volunteer.name, clientTold, volunteerTold };
  });
}
