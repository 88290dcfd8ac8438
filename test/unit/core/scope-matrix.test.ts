import { describe, expect, it } from "vitest";
import { system, type Actor } from "../../../src/core/actor.ts";
import { getAgenda } from "../../../src/core/agenda/get-agenda.ts";
import { answerAppointment } from "../../../src/core/appointments/answer-appointment.ts";
import { cancelAppointment } from "../../../src/core/appointments/cancel-appointment.ts";
import { createAppointment } from "../../../src/core/appointments/create-appointment.ts";
import { getAppointment } from "../../../src/core/appointments/get-appointment.ts";
import { listClientAppointments } from "../../../src/core/appointments/list-client-appointments.ts";
import { markAttendance } from "../../../src/core/appointments/mark-attendance.ts";
import { moveAppointment } from "../../../src/core/appointments/move-appointment.ts";
import { listAssessmentVersions } from "../../../src/core/assessment/list-assessment-versions.ts";
import { readAssessment } from "../../../src/core/assessment/read-assessment.ts";
import { recordAssessment } from "../../../src/core/assessment/record-assessment.ts";
import { closeCase, reopenCase } from "../../../src/core/cases/close-case.ts";
import { createClient } from "../../../src/core/cases/create-client.ts";
import { findClients } from "../../../src/core/cases/find-clients.ts";
import { issueClientInvite } from "../../../src/core/cases/issue-client-invite.ts";
import { setClientLanguage } from "../../../src/core/cases/set-client-language.ts";
import { shareCase } from "../../../src/core/cases/share-case.ts";
import { consentOverview } from "../../../src/core/consent/consent-overview.ts";
import { declineConsent } from "../../../src/core/consent/decline-consent.ts";
import { giveConsent } from "../../../src/core/consent/give-consent.ts";
import { withdrawConsent } from "../../../src/core/consent/withdraw-consent.ts";
import { lastContact } from "../../../src/core/contacts/last-contact.ts";
import { listContacts } from "../../../src/core/contacts/list-contacts.ts";
import { logContact } from "../../../src/core/contacts/log-contact.ts";
import { logQuickContact } from "../../../src/core/contacts/log-quick-contact.ts";
import type { CoreDeps } from "../../../src/core/deps.ts";
import { isDomainError } from "../../../src/core/errors.ts";
import { resolveEscalation } from "../../../src/core/escalations/resolve-escalation.ts";
import { getCaseloadFigures } from "../../../src/core/figures/get-caseload-figures.ts";
import { handOverCase } from "../../../src/core/handover/hand-over-case.ts";
import { unlinkOwnIdentity } from "../../../src/core/identities/unlink-identity.ts";
import { addGoal } from "../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../src/core/plans/answer-check-in.ts";
import { completeReview } from "../../../src/core/plans/complete-review.ts";
import { createPlan } from "../../../src/core/plans/create-plan.ts";
import { editGoal } from "../../../src/core/plans/edit-goal.ts";
import { listClientPlans } from "../../../src/core/plans/list-client-plans.ts";
import { listPlanVersions } from "../../../src/core/plans/list-plan-versions.ts";
import { listReviewsDue } from "../../../src/core/plans/list-reviews-due.ts";
import { readPlan } from "../../../src/core/plans/read-plan.ts";
import { setReviewDate } from "../../../src/core/plans/set-review-date.ts";
import { setStepStatus } from "../../../src/core/plans/set-step-status.ts";
import { eraseClient } from "../../../src/core/privacy/erase-client.ts";
import { exportClientData } from "../../../src/core/privacy/export-client-data.ts";
import { requestErasure } from "../../../src/core/privacy/request-erasure.ts";
import { listReferrals } from "../../../src/core/referrals/list-referrals.ts";
import { referClient } from "../../../src/core/referrals/refer-client.ts";
import { updateReferral } from "../../../src/core/referrals/update-referral.ts";
import { addManager } from "../../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../../src/core/setup/add-tenant.ts";
import { issueManagerInvite } from "../../../src/core/setup/issue-manager-invite.ts";
import { testCore } from "../../support/core-deps.ts";
import { clientActor, seedAppointment, seedClient, seedStaff, seedTenant, staffActor } from "../../support/seed-appointments.ts";

/**
 * Every use case × every role, table-driven. Each cell runs in
 * a freshly seeded world, so a write in one cell never changes another. Outcomes: "ok" (allowed), "no" (forbidden),
 * "nf" (not_found, where the code deliberately hides that something exists).
 *
 * Not in the table: `identify` and `linkWithInvite` (they take no actor: the stranger's own flows, tested in
 * test/unit/core/identities), `purgeExpiredInvites` (a job without actor) and the pure helpers.
 */
const roles = [
  "operator", // the installation's command line
  "manager", // Eva: Amina's and Omar's primary manager
  "colleague", // Jonas: a manager of the same tenant, not on the case
  "supervisor", // Sara: Fachaufsicht of the tenant
  "admin", // Adele: the tenant's admin
  "client", // Amina
  "member", // Omar: Amina's household
  "otherClient", // Lena: a client of another tenant
  "otherManager", // Mia: a manager of another tenant
  "stranger", // an unlinked chat user
  "system", // scheduled jobs
] as const;
type Role = (typeof roles)[number];

async function seedMatrixWorld() {
  const core = testCore("2027-03-10T09:00:00Z");
  const tenant = await seedTenant(core, "goeppingen");
  const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
  const jonas = await seedStaff(core, tenant.id, "jonas", "Jonas Kern");
  const sara = await seedStaff(core, tenant.id, "sara", "Sara Aufsicht", "supervisor");
  const adele = await seedStaff(core, tenant.id, "adele", "Adele Admin", "admin");
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
  const omar = await seedClient(core, "omar", "Omar Haddad", { tenantId: tenant.id, managerId: eva.id, householdId: amina.householdId });
  const otherTenant = await seedTenant(core, "esslingen");
  const mia = await seedStaff(core, otherTenant.id, "mia", "Mia Fremd");
  const lena = await seedClient(core, "lena", "Lena Fremd", { tenantId: otherTenant.id, managerId: mia.id });
  await core.store.consents.append({
    id: "consent-checkins",
    clientId: amina.id,
    purpose: "plan_checkins",
    version: 1,
    given: true,
    channel: "telegram",
    at: core.clock.now(),
  });
  await core.store.identities.upsert({
    id: "identity-amina",
    channel: "telegram",
    externalId: "tg-amina",
    conversationRef: null,
    managerId: null,
    clientId: amina.id,
    locale: "ar",
    active: true,
    linkedAt: core.clock.now(),
    deactivatedAt: null,
  });

  const as = staffActor(eva);
  await recordAssessment(core.deps, as, { clientId: amina.id, interests: ["Fußball"] });
  const plan = await createPlan(core.deps, as, { clientId: amina.id });
  const goal = await addGoal(core.deps, as, { planId: plan.id, area: "language", text: "Deutsch auf B1" });
  const { step } = await addStep(core.deps, as, { goalId: goal.id, customText: "Anmeldung abgeben", cadenceDays: 7, note: "Notiz" });
  const referral = await referClient(core.deps, as, { clientId: amina.id, targetKind: "service", service: "jobcenter" });
  await logContact(core.deps, as, { clientId: amina.id, kind: "phone", durationMin: 15, note: "Notiz" });
  const upcoming = await createAppointment(core.deps, as, { clientIds: [amina.id], startsAt: "2027-03-20T09:00:00Z", place: "Rathaus" });
  const past = await seedAppointment(core, {
    id: "appt-past",
    tenantId: tenant.id,
    managerId: eva.id,
    clientIds: [amina.id],
    startsAt: new Date("2027-03-05T09:00:00Z"),
  });

  const actors: Record<Role, Actor> = {
    operator: { kind: "operator" },
    manager: as,
    colleague: staffActor(jonas),
    supervisor: staffActor(sara),
    admin: staffActor(adele),
    client: clientActor(amina),
    member: clientActor(omar),
    otherClient: clientActor(lena),
    otherManager: staffActor(mia),
    stranger: { kind: "stranger" },
    system,
  };
  return { core, tenant, jonas, amina, plan, goal, step, referral, upcoming, past, actors };
}

type World = Awaited<ReturnType<typeof seedMatrixWorld>>;
type Call = (deps: CoreDeps, actor: Actor, w: World) => Promise<unknown>;

/** One row: the use case, how to call it with valid input, and the expected outcome per role (in `roles` order). */
const matrix: [string, Call, string][] = [
  //                                                                                                                               op mgr col sup adm cli mem oCl oMg str sys
  ["addTenant", (d, a) => addTenant(d, a, { name: "Neuer Kreis" }), "ok no  no  no  no  no  no  no  no  no  no"],
  ["addMunicipality", (d, a, w) => addMunicipality(d, a, { tenantId: w.tenant.id, name: "Uhingen" }), "ok no  no  no  ok  no  no  no  no  no  no"],
  ["addManager", (d, a, w) => addManager(d, a, { tenantId: w.tenant.id, name: "Neue Kollegin" }), "ok no  no  no  ok  no  no  no  no  no  no"],
  ["issueManagerInvite", (d, a, w) => issueManagerInvite(d, a, { managerId: w.jonas.id }), "ok no  no  no  ok  no  no  no  no  no  no"],
  // Staff take on cases in their own tenant (so the other tenant's manager may too: in theirs).
  ["createClient", (d, a) => createClient(d, a, { name: "Neu Ankunft", language: "ar" }), "no ok  ok  no  ok  no  no  no  ok  no  no"],
  ["issueClientInvite", (d, a, w) => issueClientInvite(d, a, { clientId: w.amina.id }), "no ok  no  no  no  no  no  no  no  no  ok"],
  // Staff search their own caseload (supervisors and admins: their tenant's).
  ["findClients", (d, a) => findClients(d, a, {}), "no ok  ok  ok  ok  no  no  no  ok  no  no"],
  ["setClientLanguage", (d, a, w) => setClientLanguage(d, a, { clientId: w.amina.id, language: "uk" }), "no ok  no  no  no  ok  no  no  no  no  ok"],
  ["shareCase", (d, a, w) => shareCase(d, a, { clientId: w.amina.id, managerId: w.jonas.id }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["closeCase", (d, a, w) => closeCase(d, a, { clientId: w.amina.id }), "no ok  no  no  no  no  no  no  no  no  ok"],
  [
    "reopenCase",
    async (d, a, w) => {
      await closeCase(d, system, { clientId: w.amina.id });
      return reopenCase(d, a, { clientId: w.amina.id });
    },
    "no ok  no  no  no  no  no  no  no  no  ok",
  ],
  ["unlinkOwnIdentity", (d, a) => unlinkOwnIdentity(d, a, "telegram", "tg-amina"), "no no  no  no  no  ok  no  no  no  no  no"],
  [
    "giveConsent",
    (d, a, w) => giveConsent(d, a, { clientId: w.amina.id, purposes: ["data_health"], channel: "in_person" }),
    "no ok  no  no  no  ok  no  no  no  no  no",
  ],
  [
    "withdrawConsent",
    (d, a, w) => withdrawConsent(d, a, { clientId: w.amina.id, purposes: ["plan_checkins"], channel: "in_person" }),
    "no ok  no  no  no  ok  no  no  no  no  no",
  ],
  // A client declines their own consent (no client id to aim at another person).
  ["declineConsent", (d, a) => declineConsent(d, a, "telegram"), "no no  no  no  no  ok  ok  ok  no  no  no"],
  ["consentOverview", (d, a, w) => consentOverview(d, a, w.amina.id), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["recordAssessment", (d, a, w) => recordAssessment(d, a, { clientId: w.amina.id, interests: ["Kochen"] }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["readAssessment", (d, a, w) => readAssessment(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["listAssessmentVersions", (d, a, w) => listAssessmentVersions(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["createPlan", (d, a, w) => createPlan(d, a, { householdId: w.amina.householdId }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["readPlan", (d, a, w) => readPlan(d, a, { planId: w.plan.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["listClientPlans", (d, a, w) => listClientPlans(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["listPlanVersions", (d, a, w) => listPlanVersions(d, a, { planId: w.plan.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["addGoal", (d, a, w) => addGoal(d, a, { planId: w.plan.id, area: "work", text: "Arbeit finden" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["editGoal", (d, a, w) => editGoal(d, a, { goalId: w.goal.id, status: "in_progress" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["addStep", (d, a, w) => addStep(d, a, { goalId: w.goal.id, customText: "Kurs suchen" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["setStepStatus", (d, a, w) => setStepStatus(d, a, { stepId: w.step.id, status: "in_progress" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  // The household member sees Amina's plan but answers only for themself: not a person of her own plan.
  ["answerCheckIn", (d, a, w) => answerCheckIn(d, a, { stepId: w.step.id, answer: "done" }), "no ok  no  no  no  ok  no  no  no  no  ok"],
  ["setReviewDate", (d, a, w) => setReviewDate(d, a, { planId: w.plan.id, nextReviewAt: "2027-06-01T09:00:00Z" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["completeReview", (d, a, w) => completeReview(d, a, { planId: w.plan.id }), "no ok  no  no  no  no  no  no  no  no  ok"],
  // Staff list their own caseload's due reviews (supervisors and admins: their tenant's).
  ["listReviewsDue", (d, a) => listReviewsDue(d, a, {}), "no ok  ok  ok  ok  no  no  no  ok  no  no"],
  [
    "referClient",
    (d, a, w) => referClient(d, a, { clientId: w.amina.id, targetKind: "offer", target: "Sprachcafé" }),
    "no ok  no  no  no  no  no  no  no  no  no",
  ],
  ["updateReferral", (d, a, w) => updateReferral(d, a, { referralId: w.referral.id, status: "attended" }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["listReferrals", (d, a, w) => listReferrals(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  [
    "createAppointment",
    (d, a, w) => createAppointment(d, a, { clientIds: [w.amina.id], startsAt: "2027-03-25T09:00:00Z" }),
    "no ok  no  no  no  no  no  no  no  no  ok",
  ],
  ["getAppointment", (d, a, w) => getAppointment(d, a, { appointmentId: w.upcoming.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["listClientAppointments", (d, a, w) => listClientAppointments(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  [
    "moveAppointment",
    (d, a, w) => moveAppointment(d, a, { appointmentId: w.upcoming.id, startsAt: "2027-03-21T09:00:00Z" }),
    "no ok  no  no  no  no  no  no  no  no  ok",
  ],
  ["cancelAppointment", (d, a, w) => cancelAppointment(d, a, { appointmentId: w.upcoming.id }), "no ok  no  no  no  no  no  no  no  no  ok"],
  ["answerAppointment", (d, a, w) => answerAppointment(d, a, { appointmentId: w.upcoming.id, answer: "confirm" }), "no no  no  no  no  ok  no  no  no  no  no"],
  ["markAttendance", (d, a, w) => markAttendance(d, a, { appointmentId: w.past.id, attendance: "attended" }), "no ok  no  no  no  no  no  no  no  no  no"],
  ["logContact", (d, a, w) => logContact(d, a, { clientId: w.amina.id, kind: "office", durationMin: 30 }), "no ok  no  no  no  no  no  no  no  no  no"],
  // The name is searched in the actor's own caseload only: elsewhere nobody of that name exists.
  [
    "logQuickContact",
    (d, a) => logQuickContact(d, a, { text: "Amina 30 Hausbesuch Wohnen: Vermieter angerufen" }),
    "no ok  nf  nf  nf  no  no  no  nf  no  no",
  ],
  ["lastContact", (d, a, w) => lastContact(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  ["listContacts", (d, a, w) => listContacts(d, a, { clientId: w.amina.id }), "no ok  no  ok  ok  ok  ok  no  no  no  ok"],
  // Each member of staff sees their own day.
  ["getAgenda", (d, a) => getAgenda(d, a, {}), "no ok  ok  ok  ok  no  no  no  ok  no  no"],
  ["handOverCase", (d, a, w) => handOverCase(d, a, { clientId: w.amina.id, toManagerId: w.jonas.id }), "no ok  no  ok  ok  no  no  no  no  no  ok"],
  [
    "resolveEscalation",
    async (d, a, w) => {
      await d.store.escalations.create({
        id: "esc-help",
        tenantId: w.tenant.id,
        clientId: w.amina.id,
        managerId: w.jonas.id,
        kind: "need_help",
        subjectId: w.step.id,
        status: "open",
        createdAt: d.clock.now(),
        resolvedAt: null,
      });
      return resolveEscalation(d, a, { escalationId: "esc-help" });
    },
    "no ok  no  no  no  no  no  no  no  no  ok",
  ],
  ["getCaseloadFigures", (d, a, w) => getCaseloadFigures(d, a, { tenantId: w.tenant.id }), "no no  no  ok  ok  no  no  no  no  no  no"],
  ["exportClientData", (d, a, w) => exportClientData(d, a, { clientId: w.amina.id }), "ok ok  no  ok  ok  ok  no  no  no  no  ok"],
  ["requestErasure", (d, a, w) => requestErasure(d, a, { clientId: w.amina.id }), "no no  no  no  no  ok  no  no  no  no  no"],
  ["eraseClient", (d, a, w) => eraseClient(d, a, { clientId: w.amina.id }), "ok no  no  no  ok  no  no  no  no  no  ok"],
];

const codes: Record<string, string> = { forbidden: "no", not_found: "nf" };

async function outcome(call: Call, role: Role): Promise<string> {
  const world = await seedMatrixWorld();
  try {
    await call(world.core.deps, world.actors[role], world);
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return codes[error.code] ?? `${error.code}: ${error.message}`;
    return `threw: ${String(error)}`;
  }
}

describe("scope matrix: every use case × every role", () => {
  it.each(matrix)("%s", async (_name, call, expected) => {
    const actual: Record<string, string> = {};
    for (const role of roles) actual[role] = await outcome(call, role);
    const wanted = expected.trim().split(/\s+/);
    expect(wanted).toHaveLength(roles.length);
    expect(actual).toEqual(Object.fromEntries(roles.map((role, i) => [role, wanted[i]])));
  });
});
