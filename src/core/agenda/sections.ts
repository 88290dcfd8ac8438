import type { Client } from "../cases/model.ts";
import { staffStepTitle } from "../plans/step-title.ts";
import type { AgendaClient, AgendaEntry, AgendaSection, AgendaSectionContext } from "./model.ts";

/** The clients a plan is for: its client, or the household's members (open cases only). */
async function planClients(context: AgendaSectionContext, plan: { clientId: string | null; householdId: string | null }): Promise<AgendaClient[]> {
  const { repositories, clientOf } = context;
  const members = plan.clientId
    ? [await repositories.clients.get(plan.clientId)]
    : plan.householdId
      ? await repositories.clients.listByHousehold(plan.householdId)
      : [];
  const open = members.filter((c): c is Client => c !== null && c.status === "open" && !c.anonymizedAt);
  const found = await Promise.all(open.map((c) => clientOf(c.id, c)));
  return found.filter((c): c is AgendaClient => c !== null);
}

/**
 * Entries due by the end of the last day, for each day: the first day lists everything due by its end, overdue
 * included; a later day only what falls due on it. So an overdue entry shows once, not again under tomorrow.
 */
function dueOnEachDay(days: AgendaSectionContext["days"], due: AgendaEntry[]): AgendaEntry[][] {
  return days.map((day, index) => due.filter((entry) => entry.at !== null && entry.at < day.to && (index === 0 || entry.at >= day.from)));
}

/**
 * Integration plans of the manager's caseload whose review (Fortschreibung) is due by the end of the day, overdue
 * included: read once, due by the end of the last day (see `dueOnEachDay`).
 */
export const planReviewsDue: AgendaSection = {
  name: "plan_review_due",
  async entries(context) {
    const { repositories, days } = context;
    const last = days[days.length - 1];
    if (!last) return [];
    const plans = await repositories.plans.listDueForReview({ tenantId: last.tenantId, dueBy: new Date(last.to.getTime() - 1), managerId: last.managerId });
    const due: AgendaEntry[] = [];
    for (const plan of plans) {
      const clients = await planClients(context, plan);
      if (clients.length > 0) due.push({ section: "plan_review_due", at: plan.nextReviewAt, clients, subjectId: plan.id });
    }
    return dueOnEachDay(days, due);
  },
};

const dayMs = 86_400_000;

/**
 * Clients of the caseload who linked their chat (joined with their invite) since the day before: the manager learns
 * who can now be reached (their answers to the consent questions follow on the card). Only on the first day asked for
 * (today in /agenda, the day of the morning brief), so a join shows once.
 */
export const clientsJoined: AgendaSection = {
  name: "client_joined",
  async entries(context) {
    const [first, ...rest] = context.days;
    if (!first) return [];
    const links = await context.repositories.identities.listClientsLinkedForManager(first.managerId, new Date(first.from.getTime() - dayMs), first.to);
    const entries: AgendaEntry[] = [];
    for (const link of links) {
      const client = await context.clientOf(link.clientId);
      if (client) entries.push({ section: "client_joined", at: link.linkedAt, clients: [client], subjectId: null });
    }
    return [entries, ...rest.map(() => [])];
  },
};

/**
 * Messages clients passed to the manager that are neither answered nor done (src/core/conversations): listed until
 * settled, on the first day asked for (they are not tied to a day).
 */
export const clientMessagesOpen: AgendaSection = {
  name: "client_message",
  async entries(context) {
    const [first, ...rest] = context.days;
    if (!first) return [];
    const entries: AgendaEntry[] = [];
    for (const message of await context.repositories.conversations.listOpenForManager(first.managerId)) {
      const client = await context.clientOf(message.clientId);
      if (client) entries.push({ section: "client_message", at: message.passedAt ?? message.createdAt, clients: [client], subjectId: message.id });
    }
    return [entries, ...rest.map(() => [])];
  },
};

/** A step as the manager reads it: its catalogue title with the step's own values, or the text the manager wrote. */

/**
 * Plan steps of the caseload that are open or in progress and due by the end of the day, overdue included: read once,
 * due by the end of the last day (see `dueOnEachDay`).
 */
export const planStepsDue: AgendaSection = {
  name: "plan_step_due",
  async entries(context) {
    const { repositories, days } = context;
    const last = days[days.length - 1];
    if (!last) return [];
    const steps = await repositories.steps.listDueForManager({ tenantId: last.tenantId, managerId: last.managerId, dueBy: new Date(last.to.getTime() - 1) });
    const due: AgendaEntry[] = [];
    for (const { step, plan } of steps) {
      const clients = await planClients(context, plan);
      if (clients.length > 0) due.push({ section: "plan_step_due", at: step.dueAt, clients, subjectId: step.id, detail: staffStepTitle(step) });
    }
    return dueOnEachDay(days, due);
  },
};

/**
 * Referrals whose follow-up is due by the end of the day, overdue included, until the manager records
 * how they went or asks again later: read once, due by the end of the last day; as with steps, an overdue one is
 * listed once, on the first day, and a later day lists those due on it.
 */
export const referralFollowUpsDue: AgendaSection = {
  name: "referral_follow_up",
  async entries(context) {
    const last = context.days[context.days.length - 1];
    if (!last) return [];
    const referrals = await context.repositories.referrals.listFollowUpsDue(last.managerId, new Date(last.to.getTime() - 1));
    // Of open cases only (closing a case cancels its questions): the clients read at once.
    const clients = referrals.length > 0 ? await context.repositories.clients.getMany([...new Set(referrals.map((r) => r.clientId))]) : [];
    const open = new Map(clients.filter((c) => c.status === "open").map((c) => [c.id, c]));
    const due: AgendaEntry[] = [];
    for (const referral of referrals) {
      const known = open.get(referral.clientId);
      const client = known ? await context.clientOf(known.id, known) : null;
      if (client) due.push({ section: "referral_follow_up", at: referral.followUpAt, clients: [client], subjectId: referral.id });
    }
    return dueOnEachDay(context.days, due);
  },
};

/**
 * Further sections of a manager's agenda, in display order: another area adds its section here; each returns plain
 * entries for each day asked for.
 */
export const agendaSections: readonly AgendaSection[] = [clientMessagesOpen, planReviewsDue, planStepsDue, referralFollowUpsDue, clientsJoined];
