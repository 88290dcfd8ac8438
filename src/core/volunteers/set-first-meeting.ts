import { z } from "zod";
import type { Actor } from "../actor.ts";
import { maxPlaceLength } from "../appointments/model.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import { planClientMessage, planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { reminderSlots } from "../reminders/appointment-reminders.ts";
import { clientQuietHours } from "../reminders/recipient-quiet.ts";
import { clientZone, loadReminderSettings, tenantZone } from "../reminders/recipient-zone.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { VolunteerMatch } from "./model.ts";
import { firstName } from "./volunteer-scope.ts";

export const firstMeetingInput = z.object({
  matchId: idSchema,
  startsAt: z.iso.datetime(),
  place: z.string().trim().min(1).max(maxPlaceLength),
});

/** Every message about a match's first meeting (notices and reminders) has a dedupe key starting with this. */
export const meetingKeyPrefix = (matchId: string): string => `match:${matchId}:meeting:`;
/** The key names the proposal (its version), so a notice sent for the old time never suppresses the one for the new time. */
const meetingKey = (matchId: string, version: number, what: "client" | "volunteer" | "remind:client" | "remind:volunteer") =>
  `${meetingKeyPrefix(matchId)}${version}:${what}`;

/** The first meeting's reminder: the day before, at the meeting's time of day (earlier when that falls in the quiet hours). */
const dayBefore = [24 * 60];

export interface ProposedMeeting {
  match: VolunteerMatch;
  clientName: string;
  volunteerName: string;
  /** False when the client has not agreed to messages (the manager tells them). */
  clientTold: boolean;
  /** False when the volunteer has no Telegram chat with Lotse (the manager tells them). */
  volunteerTold: boolean;
  /** The same time and place as proposed already: nothing was changed or sent. */
  unchanged: boolean;
}

/**
 * Whether the person was told of an earlier proposal: then the new notice says the meeting moved. One cancelled before
 * it went (moved again within the quiet hours) does not count.
 */
async function sawEarlier(repositories: Pick<Repositories, "outbox">, match: VolunteerMatch, who: "client" | "volunteer"): Promise<boolean> {
  for (let version = match.meetingVersion; version > 0; version -= 1) {
    const earlier = await repositories.outbox.statusByDedupeKey(meetingKey(match.id, version, who));
    if (earlier === "sent" || earlier === "sending") return true;
  }
  return false;
}

/**
 * The manager proposes (or moves) the first meeting of a client and their volunteer: when and where. Both are told at
 * once (the client in their language, through their consent to messages; the volunteer in their chat), each with a
 * reminder the day before. Moving it cancels what was still waiting for the old time and plans anew. The meeting is
 * the match's, not an appointment: the manager is not there (docs/architecture.md).
 */
export async function setFirstMeeting(deps: CoreDeps, actor: Actor, input: unknown): Promise<ProposedMeeting> {
  assertStaff(actor);
  if (actor.role === "supervisor") throw forbidden("supervisors do not arrange meetings");
  const parsed = parseInput(firstMeetingInput, input);
  return deps.store.transaction(async (repositories) => {
    const match = await repositories.volunteerMatches.get(parsed.matchId);
    if (!match) throw notFound("match", parsed.matchId);
    const { client } = await loadClientInScope(repositories, actor, match.clientId, "write");
    if (client.status === "closed") throw new DomainError("case_closed", "case is closed");
    if (match.status !== "active") throw new DomainError("conflict", "the match has ended");
    const now = deps.clock.now();
    const startsAt = new Date(parsed.startsAt);
    if (startsAt.getTime() <= now.getTime()) {
      throw new DomainError("invalid_input", "startsAt: the meeting must lie ahead", [{ path: "startsAt", message: "the meeting must lie ahead" }]);
    }
    const volunteer = await repositories.volunteers.get(match.volunteerId);
    if (!volunteer) throw notFound("volunteer", match.volunteerId);
    if (match.meetingAt?.getTime() === startsAt.getTime() && match.meetingPlace === parsed.place) {
      // The same meeting again (a second tap): nothing changes and nobody is told twice.
      return { match, clientName: client.name, volunteerName: volunteer.name, clientTold: false, volunteerTold: false, unchanged: true };
    }
    const clientSawEarlier = await sawEarlier(repositories, match, "client");
    const volunteerSawEarlier = await sawEarlier(repositories, match, "volunteer");
    const version = match.meetingVersion + 1;
    const updated: VolunteerMatch = { ...match, meetingAt: startsAt, meetingPlace: parsed.place, meetingVersion: version };
    await repositories.volunteerMatches.update(updated);
    await repositories.outbox.cancelPendingByPrefix(meetingKeyPrefix(match.id));

    const settings = { ...(await loadReminderSettings(repositories, client.tenantId)), appointmentOffsetsMin: dayBefore };
    const what = { startsAt: startsAt.toISOString(), place: parsed.place };
    const toClient = { tenantId: client.tenantId, recipientId: client.id, actions: [] };
    const clientParams = { name: firstName(volunteer.name), ...what };
    const clientTold = await planClientMessage(deps, repositories, {
      ...toClient,
      dedupeKey: meetingKey(match.id, version, "client"),
      ...outboxContent(clientSawEarlier ? "volunteers.meeting.moved" : "volunteers.meeting.proposed", clientParams),
      dueAt: now,
    });
    if (clientTold) {
      const zone = await clientZone(repositories, client, deps.defaultZone);
      for (const slot of reminderSlots(startsAt, zone, now, settings, clientQuietHours(client, settings))) {
        await planClientMessage(deps, repositories, {
          ...toClient,
          dedupeKey: meetingKey(match.id, version, "remind:client"),
          ...outboxContent("volunteers.meeting.reminder", clientParams),
          dueAt: slot.dueAt,
        });
      }
    }

    const chats = (await repositories.volunteerAccess.listIdentities(volunteer.id)).filter((link) => link.channel === "telegram");
    const volunteerTold = chats.length > 0;
    if (volunteerTold) {
      const toVolunteer = { tenantId: client.tenantId, recipientKind: "volunteer" as const, recipientId: volunteer.id, clientId: client.id, actions: [] };
      const volunteerParams = { firstName: firstName(client.name), ...what };
      await planMessage(deps, repositories, {
        ...toVolunteer,
        dedupeKey: meetingKey(match.id, version, "volunteer"),
        ...outboxContent(volunteerSawEarlier ? "volunteers.volunteer.meeting_moved" : "volunteers.volunteer.meeting", volunteerParams),
        dueAt: now,
      });
      // Volunteers have no zone or quiet hours of their own: the tenant's.
      const zone = await tenantZone(repositories, client.tenantId, deps.defaultZone);
      for (const slot of reminderSlots(startsAt, zone, now, settings)) {
        await planMessage(deps, repositories, {
          ...toVolunteer,
          dedupeKey: meetingKey(match.id, version, "remind:volunteer"),
          ...outboxContent("volunteers.volunteer.meeting_reminder", volunteerParams),
          dueAt: slot.dueAt,
        });
      }
    }
    await recordAudit(deps, repositories, actor, {
      action: "volunteer.meeting",
      subjectKind: "volunteer_match",
      subjectId: match.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { match: updated, clientName: client.name, volunteerName: volunteer.name, clientTold, volunteerTold, unchanged: false };
  });
}
