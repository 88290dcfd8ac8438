import type { Actor } from "../actor.ts";
import type { Appointment } from "../appointments/model.ts";
import { awaitsAttendance, isOpenAppointment } from "../appointments/model.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import { consentPurposes, type ConsentPurpose, type ConsentRecord } from "../consent/model.ts";
import type { ContactKind } from "../contacts/parse-quick-log.ts";
import type { PlanArea } from "../plans/areas.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import type { IntegrationPlan } from "../plans/model.ts";
import { helpRequestStep } from "../plans/help-request-step.ts";
import type { MessageParam } from "../dialog/messages.ts";
import type { Repositories } from "../ports/store.ts";
import { canAccessClient, loadClientInScope } from "../scope/client-access.ts";
import { handedOverBy } from "../handover/read-handover-note.ts";
import type { VolunteerOffer } from "../volunteers/model.ts";

async function runningMatches(repositories: Repositories, clientId: string): Promise<ClientCardData["volunteerMatches"]> {
  const matches = (await repositories.volunteerMatches.listForClient(clientId)).filter((m) => m.status === "active");
  const shown: ClientCardData["volunteerMatches"] = [];
  for (const match of matches) {
    const volunteer = await repositories.volunteers.get(match.volunteerId);
    shown.push({ id: match.id, volunteerName: volunteer?.name ?? "", offer: match.offer, meetingAt: match.meetingAt, meetingPlace: match.meetingPlace });
  }
  return shown;
}

export interface PlanSummary {
  goalsOpen: number;
  goalsDone: number;
  stepsOpen: number;
  stepsDone: number;
  /** The earliest review (Fortschreibung) due of the client's plans. */
  nextReviewAt: Date | null;
}

/** What the manager's client card shows: no note texts, no health or residence details. */
/** How many of the latest contacts the card lists. */
const recentContactsShown = 3;

export interface ClientCardData {
  client: Client;
  /** Whether the actor may change the case (the card's action buttons). */
  canWrite: boolean;
  nextAppointment: Appointment | null;
  /** Open appointments that have not begun, soonest first. */
  upcomingAppointments: Appointment[];
  /** How many appointments began in the last 30 days without attendance recorded. */
  unmarkedAppointments: number;
  /** The latest contacts (newest first, at most three): when, what kind, which areas; never the note. */
  recentContacts: { at: Date; kind: ContactKind; areas: PlanArea[] }[];
  /** Null when the client has no plan (own or household). */
  plan: PlanSummary | null;
  /** Open help requests, each with the step it is about (its title; null for other requests). */
  openEscalations: (Escalation & { step: MessageParam | null })[];
  /** Whether the client currently allows messages from Lotse (no after /stop or a "no" at joining). */
  messagesAllowed: boolean;
  /** The purposes the client currently consents to (messages, check-ins, health, residence). */
  consentsGiven: ConsentPurpose[];
  /** The latest handover of the case: from whom, when, and whether a note is there (never its text). */
  lastHandover: { id: string; fromName: string; at: Date; hasNote: boolean } | null;
  /** What the earlier refugee social work handed over at intake: agency, day, whether a summary is there (never its text). */
  earlierWork: { id: string; agency: string; at: Date; hasNote: boolean } | null;
  /** Whether the actor may read notes of the case (the handover note's button). */
  canReadNotes: boolean;
  /** Messages the client passed on that nobody answered or marked done yet. */
  openMessages: number;
  /** Running volunteer matches: who, which help, and the first meeting if one was proposed (when, where). */
  volunteerMatches: { id: string; volunteerName: string; offer: VolunteerOffer; meetingAt: Date | null; meetingPlace: string | null }[];
}

function consentState(ledger: ConsentRecord[]): Pick<ClientCardData, "messagesAllowed" | "consentsGiven"> {
  const consentsGiven = consentPurposes.filter((purpose) => hasCurrentConsent(ledger, purpose));
  return { messagesAllowed: consentsGiven.includes("messaging"), consentsGiven };
}

async function summarisePlans(repositories: Repositories, plans: IntegrationPlan[]): Promise<PlanSummary | null> {
  if (plans.length === 0) return null;
  const summary: PlanSummary = { goalsOpen: 0, goalsDone: 0, stepsOpen: 0, stepsDone: 0, nextReviewAt: null };
  for (const plan of plans) {
    for (const goal of await repositories.goals.listForPlan(plan.id)) {
      if (goal.status === "open" || goal.status === "in_progress") summary.goalsOpen += 1;
      if (goal.status === "achieved") summary.goalsDone += 1;
    }
    for (const step of await repositories.steps.listForPlan(plan.id)) {
      if (step.status === "open" || step.status === "in_progress") summary.stepsOpen += 1;
      if (step.status === "done") summary.stepsDone += 1;
    }
    if (plan.nextReviewAt && (!summary.nextReviewAt || plan.nextReviewAt < summary.nextReviewAt)) summary.nextReviewAt = plan.nextReviewAt;
  }
  return summary;
}

/** The latest handover between managers, and the latest record of what the earlier refugee social work handed over. */
async function handoversOf(repositories: Repositories, clientId: string): Promise<Pick<ClientCardData, "lastHandover" | "earlierWork">> {
  const handovers = await repositories.handovers.listForClient(clientId);
  const last = handovers.filter((h) => h.fromManagerId !== null).at(-1);
  const earlier = handovers.filter((h) => h.fromManagerId === null).at(-1);
  return {
    lastHandover: last ? { id: last.id, fromName: await handedOverBy(repositories, last), at: last.at, hasNote: last.note !== null } : null,
    earlierWork: earlier ? { id: earlier.id, agency: earlier.fromAgency ?? "", at: earlier.at, hasNote: earlier.note !== null } : null,
  };
}

/** The open appointments that have not begun, soonest first. */
function upcomingOpen(appointments: Appointment[], now: Date): Appointment[] {
  const ahead = appointments.filter((a) => isOpenAppointment(a) && a.startsAt.getTime() > now.getTime());
  return ahead.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Reads the card of a client in the actor's scope ("basic"), audited as one read. */
export async function loadClientCard(deps: CoreDeps, actor: Actor, clientId: string): Promise<ClientCardData> {
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, clientId, "basic");
    const now = deps.clock.now();
    const contacts = await repositories.contacts.listForClient(client.id, recentContactsShown);
    const own = await repositories.plans.findForClient(client.id);
    const household = await repositories.plans.findForHousehold(client.householdId);
    const plans = [own, household].filter((plan): plan is IntegrationPlan => plan !== null);
    const escalations = (await repositories.escalations.listForClient(client.id)).filter((e) => e.status === "open");
    const appointments = await repositories.appointments.listForClient(client.id);
    const upcoming = upcomingOpen(appointments, now);
    await recordAudit(deps, repositories, actor, {
      action: "client.card",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return {
      client,
      canWrite: canAccessClient(actor, client, assignments, "write"),
      nextAppointment: upcoming[0] ?? null,
      upcomingAppointments: upcoming,
      unmarkedAppointments: appointments.filter((a) => awaitsAttendance(a, now)).length,
      recentContacts: contacts.map((contact) => ({ at: contact.at, kind: contact.kind, areas: contact.areas })),
      plan: await summarisePlans(repositories, plans),
      openEscalations: await Promise.all(escalations.map(async (e) => ({ ...e, step: await helpRequestStep(repositories, e) }))),
      ...consentState(await repositories.consents.listForClient(client.id)),
      ...(await handoversOf(repositories, client.id)),
      canReadNotes: canAccessClient(actor, client, assignments, "notes"),
      openMessages: (await repositories.conversations.listForClient(client.id)).filter((m) => m.status === "open").length,
      volunteerMatches: await runningMatches(repositories, client.id),
    };
  });
}

/** Which sensitive assessment categories the client currently consents to (the assessment form asks only those). */
export async function sensitiveConsents(deps: CoreDeps, actor: Actor, clientId: string): Promise<{ health: boolean; residence: boolean }> {
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    const ledger = await repositories.consents.listForClient(client.id);
    return { health: hasCurrentConsent(ledger, "data_health"), residence: hasCurrentConsent(ledger, "data_residence") };
  });
}

/** The escalation behind a button, checked against the actor's scope. */
export async function escalationInScope(deps: CoreDeps, actor: Actor, escalationId: string): Promise<Escalation> {
  return deps.store.transaction(async (repositories) => {
    const escalation = await repositories.escalations.get(escalationId);
    if (!escalation) throw notFound("escalation", escalationId);
    await loadClientInScope(repositories, actor, escalation.clientId, "basic");
    return escalation;
  });
}
