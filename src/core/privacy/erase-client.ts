import { z } from "zod";
import type { Actor } from "../actor.ts";
import { cancelPendingAppointmentMessages } from "../appointments/appointment-notices.ts";
import { loadAppointmentClients } from "../appointments/appointment-scope.ts";
import { isOpenAppointment, type Appointment } from "../appointments/model.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { dialogKey } from "../dialog/inbound.ts";
import { forbidden, notFound } from "../errors.ts";
import type { IntegrationPlan, PlanSnapshot } from "../plans/model.ts";
import type { Repositories } from "../ports/store.ts";
import { attendancePromptDedupeKey, endOf } from "../reminders/plan-attendance-prompts.ts";
import { morningAgendaDedupeKey } from "../reminders/plan-morning-agendas.ts";
import { tenantZone } from "../reminders/recipient-zone.ts";
import { localIsoDate } from "../reminders/staff-recipients.ts";
import { searchKey } from "../shared/search-key.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { localParts } from "../shared/zoned-time.ts";
import { erasedName } from "./model.ts";

export const eraseClientInput = z.object({ clientId: idSchema });

export interface ErasedClient {
  clientId: string;
  anonymizedAt: Date;
}

/**
 * Erasure is for scheduled jobs (after the objection period), for the operator (a written request:
 * `lotse client erase`) and for the admin of the client's tenant.
 */
function assertMayErase(actor: Actor, client: Client): void {
  if (actor.kind === "system" || actor.kind === "operator") return;
  if (actor.kind === "staff" && actor.role === "admin" && actor.tenantId === client.tenantId) return;
  throw forbidden(`${actor.kind} may not erase client ${client.id}`);
}

/** A step without what a manager wrote about the person: no note, no own text, no parameters (a child's name). */
const withoutTexts = <S extends { note: string | null; customText: string | null; params: Record<string, string> }>(step: S): S => ({
  ...step,
  note: null,
  customText: step.customText === null ? null : erasedName,
  params: {},
});

const hasTexts = (step: { note: string | null; customText: string | null; params: Record<string, string> }) =>
  step.note !== null || (step.customText !== null && step.customText !== erasedName) || Object.keys(step.params).length > 0;

const withoutPlanTexts = (snapshot: PlanSnapshot): PlanSnapshot => ({
  goals: snapshot.goals.map((goal) => ({ ...goal, text: goal.text === "" ? "" : erasedName, steps: goal.steps.map(withoutTexts) })),
});

/**
 * Removes what a manager wrote about the person in a plan: goal texts, own step texts, step parameters and notes, in
 * the current goals and steps and in every kept version. Areas, catalogue steps, statuses and dates stay (figures).
 */
async function erasePlanTexts(repositories: Repositories, plan: IntegrationPlan): Promise<void> {
  for (const goal of await repositories.goals.listForPlan(plan.id)) {
    // A catalogue goal without a note has no text to erase; its key stays (a standard goal names nobody).
    if (goal.text !== "" && goal.text !== erasedName) await repositories.goals.update({ ...goal, text: erasedName });
  }
  for (const step of await repositories.steps.listForPlan(plan.id)) {
    if (hasTexts(step)) await repositories.steps.update(withoutTexts(step));
  }
  for (const version of await repositories.planVersions.listForPlan(plan.id)) {
    const scrubbed = withoutPlanTexts(version.snapshot);
    if (JSON.stringify(scrubbed) !== JSON.stringify(version.snapshot)) await repositories.planVersions.replaceSnapshot(plan.id, version.version, scrubbed);
  }
}

/** Referrals keep their kind and status (figures); an offer's or volunteer's name typed for the person goes. */
async function eraseReferralTexts(repositories: Repositories, clientId: string): Promise<void> {
  for (const referral of await repositories.referrals.listForClient(clientId)) {
    if (referral.targetKind !== "service" && referral.target !== erasedName) await repositories.referrals.update({ ...referral, target: erasedName });
  }
}

/**
 * A new household is labelled with its first member's name (createClient's default): a label that names the erased
 * person becomes the name of someone still in it, so her name does not outlive her in the others' household.
 */
async function relabelHousehold(repositories: Repositories, client: Client, remaining: Client[]): Promise<void> {
  const household = await repositories.households.get(client.householdId);
  const [member] = remaining;
  if (household && member && searchKey(household.label).includes(searchKey(client.name))) {
    await repositories.households.update({ ...household, label: member.name });
  }
}

/**
 * Messages to staff that name the person without carrying her id, so `clearParamsForClient` does not find them: the
 * morning agenda of the appointment's day names the place of the first appointment (its manager's, in the tenant's
 * zone), and the attendance prompt of an appointment with others is about its first client but names them all. They
 * lose their params too (a waiting one is cancelled; its sweep plans it again without her).
 */
async function eraseStaffMessagesNaming(
  repositories: Repositories,
  client: Client,
  appointment: Appointment,
  placeErased: boolean,
  zone: string,
): Promise<void> {
  if (placeErased) {
    const agendaKey = morningAgendaDedupeKey(appointment.managerId, localIsoDate(localParts(appointment.startsAt, zone)));
    const agenda = await repositories.outbox.findByDedupeKey(agendaKey);
    if (agenda?.params.firstPlace === appointment.place) await repositories.outbox.clearParamsByKey(agendaKey);
  }
  const promptKey = attendancePromptDedupeKey(appointment, endOf(appointment));
  const prompt = await repositories.outbox.findByDedupeKey(promptKey);
  if (prompt && String(prompt.params.clientName ?? "").includes(client.name)) await repositories.outbox.clearParamsByKey(promptKey);
}

/**
 * Active volunteer matches end (the volunteer is not left waiting for a person who is gone); every match loses the time
 * and place of its first meeting (a place may be the person's home). Their pending messages go with the client's rows.
 */
async function endVolunteerMatches(repositories: Repositories, clientId: string, now: Date): Promise<void> {
  for (const match of await repositories.volunteerMatches.listForClient(clientId)) {
    const withoutMeeting = { ...match, meetingAt: null, meetingPlace: null };
    if (match.status === "active")
      await repositories.volunteerMatches.update({ ...withoutMeeting, status: "ended", outcome: match.outcome ?? "other", endedAt: now });
    else if (match.meetingPlace !== null || match.meetingAt !== null) await repositories.volunteerMatches.update(withoutMeeting);
  }
}

/**
 * Anonymises a client (DSGVO Art. 17): the name becomes "—", the assessment and its versions are deleted, notes of contacts,
 * handovers and appointment answers are removed, goal texts, own step texts, step parameters and step notes (also in
 * plan versions), referral targets typed for the person and the places of appointments with nobody else go,
 * counselling extensions (sealed reasons) and the messages between her and her managers (conversations) are
 * deleted, active volunteer matches end, upcoming appointments with nobody else are cancelled, chat accounts are
 * deactivated and their external ids replaced by a random tombstone (and forms running in them deleted), messages not
 * sent yet are cancelled and every message to or about her (also a staff agenda or attendance prompt naming her)
 * emptied of names, a household label naming her is replaced by another member's name, open escalations are resolved
 * and the case is closed. Kept: the consent ledger (proof, no personal data), ids, counts and times for the figures,
 * and the audit trail (ids only). A household plan loses its notes only when nobody of the household is left. The
 * client is gone for every other use case (`not_found`).
 */
export async function eraseClient(deps: CoreDeps, actor: Actor, input: unknown): Promise<ErasedClient> {
  const { clientId } = parseInput(eraseClientInput, input);
  return deps.store.transaction(async (repositories) => {
    const client = await repositories.clients.get(clientId);
    if (!client || client.anonymizedAt) throw notFound("client", clientId);
    assertMayErase(actor, client);
    const now = deps.clock.now();

    await repositories.clients.update({
      ...client,
      name: erasedName,
      gender: null,
      status: "closed",
      closedAt: client.closedAt ?? now,
      anonymizedAt: now,
    });
    await repositories.assessments.delete(client.id);
    await repositories.assessmentVersions.deleteForClient(client.id);
    await repositories.contacts.clearNotesForClient(client.id);
    await repositories.handovers.clearNotesForClient(client.id);

    const ownPlan = await repositories.plans.findForClient(client.id);
    if (ownPlan) await erasePlanTexts(repositories, ownPlan);
    const remaining = (await repositories.clients.listByHousehold(client.householdId)).filter((c) => !c.anonymizedAt);
    if (remaining.length === 0) {
      const householdPlan = await repositories.plans.findForHousehold(client.householdId);
      if (householdPlan) await erasePlanTexts(repositories, householdPlan);
      const household = await repositories.households.get(client.householdId);
      if (household) await repositories.households.update({ ...household, label: erasedName });
    } else {
      await relabelHousehold(repositories, client, remaining);
    }

    const zone = await tenantZone(repositories, client.tenantId, deps.defaultZone);
    for (const appointment of await repositories.appointments.listForClient(client.id)) {
      const nobodyLeft = (await loadAppointmentClients(repositories, appointment)).length === 0;
      const cancel = nobodyLeft && isOpenAppointment(appointment) && appointment.startsAt.getTime() > now.getTime();
      // With nobody else at it, the place goes too ("bei Amina zuhause"); a shared appointment's place is the others' as well.
      const erasePlace = nobodyLeft && appointment.place !== erasedName;
      await eraseStaffMessagesNaming(repositories, client, appointment, erasePlace, zone);
      if (appointment.clientAnswer === null && !cancel && !erasePlace) continue;
      await repositories.appointments.update({
        ...appointment,
        clientAnswer: null,
        ...(erasePlace ? { place: erasedName, coordinates: null } : {}),
        ...(cancel ? { status: "cancelled" as const, updatedAt: now } : {}),
      });
      if (cancel) await cancelPendingAppointmentMessages(repositories, appointment.id);
    }
    for (const identity of await repositories.identities.listAllForClient(client.id)) {
      // A form running in her chat: its key names the chat id, its state what she typed.
      await repositories.dialogs.delete(dialogKey(identity));
      await repositories.identities.update({
        ...identity,
        externalId: `erased:${deps.ids.newId()}`,
        conversationRef: null,
        locale: null,
        active: false,
        deactivatedAt: identity.deactivatedAt ?? now,
      });
    }
    await eraseReferralTexts(repositories, client.id);
    await repositories.counsellingExtensions.deleteForClient(client.id);
    await repositories.conversations.deleteForClient(client.id);
    await endVolunteerMatches(repositories, client.id, now);
    await repositories.outbox.cancelPendingForClient(client.id);
    await repositories.outbox.clearParamsForClient(client.id);
    for (const escalation of await repositories.escalations.listForClient(client.id)) {
      if (escalation.status === "open") await repositories.escalations.update({ ...escalation, status: "resolved", resolvedAt: now });
    }
    await recordAudit(deps, repositories, actor, {
      action: "privacy.erase",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { clientId: client.id, anonymizedAt: now };
  });
}
