import { z } from "zod";
import type { Actor } from "../actor.ts";
import { toAppointmentView, managerNames } from "../appointments/appointment-view.ts";
import type { AppointmentView } from "../appointments/model.ts";
import { toAssessmentView } from "../assessment/assessment-view.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toContactView } from "../contacts/contact-view.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import type { IntegrationPlan } from "../plans/model.ts";
import { loadGoalsWithSteps, toPlanView, type PlanView } from "../plans/plan-view.ts";
import type { Repositories } from "../ports/store.ts";
import { canAccessClient, loadClientInScope, type ClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { ClientDataExport, ClientDataExportData } from "./model.ts";

export const exportClientDataInput = z.object({ clientId: idSchema });

/** Upper bound of contacts in one export (the repository lists newest first with a limit). */
const maxExportedContacts = 100_000;

/**
 * The operator answers written access requests (`lotse client export`): any client of the installation, outside the
 * caseload scope rules, which give the operator no client. Erased clients are gone for the operator too.
 */
async function loadClientToExport(repositories: Pick<Repositories, "clients" | "assignments">, actor: Actor, clientId: string): Promise<ClientInScope> {
  if (actor.kind !== "operator") return loadClientInScope(repositories, actor, clientId, "basic");
  const client = await repositories.clients.get(clientId);
  if (!client || client.anonymizedAt) throw notFound("client", clientId);
  return { client, assignments: [] };
}

/**
 * Everything about a client and their household that the actor may see, as a JSON-ready document (dates as ISO
 * text). Who may export: the case's managers (with notes and sensitive assessment fields), supervisors and admins of
 * the tenant (without note texts and sensitive assessment fields), the system, the operator (any client, complete
 * with notes and sensitive fields: the answer to a written request, handed over in person or by letter), and the
 * client themself — their own data only, without their managers' working notes and without health and residence
 * details: the client's export is sent through the messenger (`/mydata`), and messengers never carry those
 * (docs/data-protection.md). The manager's and the operator's exports hold them, for handing over outside the
 * messenger.
 */
export async function exportClientData(deps: CoreDeps, actor: Actor, input: unknown): Promise<ClientDataExport> {
  const { clientId } = parseInput(exportClientDataInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientToExport(repositories, actor, clientId);
    if (actor.kind === "client" && actor.clientId !== client.id) throw forbidden(`client may export only their own data, not ${client.id}`);
    const notesIncluded = actor.kind === "operator" || canAccessClient(actor, client, assignments, "notes");
    const sensitiveVisible = notesIncluded;

    const household = await repositories.households.get(client.householdId);
    const members = (await repositories.clients.listByHousehold(client.householdId)).filter((c) => !c.anonymizedAt);
    const ledger = await repositories.consents.listForClient(client.id);
    const stored = await repositories.assessments.get(client.id);

    const plans: PlanView[] = [];
    const owned = [await repositories.plans.findForClient(client.id), await repositories.plans.findForHousehold(client.householdId)];
    for (const plan of owned.filter((p): p is IntegrationPlan => p !== null)) {
      const { goals, steps } = await loadGoalsWithSteps(repositories, plan.id);
      plans.push(toPlanView(deps.crypto, plan, goals, steps, notesIncluded));
    }

    const visibleClientIds = new Set(members.map((m) => m.id));
    const nameOf = managerNames(repositories);
    const appointments: AppointmentView[] = [];
    for (const appointment of await repositories.appointments.listForClient(client.id)) {
      appointments.push(await toAppointmentView(deps, nameOf, appointment, { revealAnswer: notesIncluded, visibleClientIds }));
    }

    const checkIns: ClientDataExportData["checkIns"] = [];
    for (const plan of plans) {
      for (const goal of plan.goals) {
        for (const step of goal.steps) {
          for (const checkIn of await repositories.checkIns.listForStep(step.id)) {
            if (checkIn.clientId === client.id) checkIns.push({ stepId: checkIn.stepId, answer: checkIn.answer, at: checkIn.at });
          }
        }
      }
    }
    checkIns.sort((a, b) => a.at.getTime() - b.at.getTime());

    // The person's own answers to their plans sent for agreement (the plan agreed in writing), not those of others.
    const planAnswers: ClientDataExportData["planAnswers"] = [];
    for (const plan of plans) {
      for (const answer of await repositories.planAnswers.listForPlan(plan.plan.id)) {
        if (answer.clientId === client.id) planAnswers.push({ planId: answer.planId, version: answer.version, answer: answer.answer, at: answer.at });
      }
    }
    planAnswers.sort((a, b) => a.at.getTime() - b.at.getTime());

    const data: ClientDataExportData = {
      exportedAt: deps.clock.now(),
      notesIncluded,
      sensitiveIncluded: sensitiveVisible && stored?.sensitive != null,
      client: {
        id: client.id,
        name: client.name,
        language: client.language,
        timezone: client.timezone,
        gender: client.gender ?? null,
        status: client.status,
        caseStartedAt: client.caseStartedAt,
        closedAt: client.closedAt,
        createdAt: client.createdAt,
      },
      household: {
        label: household?.label ?? "",
        members: members.filter((m) => m.id !== client.id).map((m) => ({ name: m.name, language: m.language })),
      },
      consents: ledger,
      assessment: stored ? toAssessmentView(deps.crypto, stored, ledger, sensitiveVisible) : null,
      assessmentVersions: (await repositories.assessmentVersions.listForClient(client.id))
        .reverse()
        .map(({ version, recordedAt, recordedBy, changed, data, gender }) => ({ version, recordedAt, recordedBy, changed, data, gender })),
      plans,
      appointments,
      contacts: (await repositories.contacts.listForClient(client.id, maxExportedContacts)).map((c) => toContactView(deps, c, notesIncluded)),
      referrals: await repositories.referrals.listForClient(client.id),
      escalations: await repositories.escalations.listForClient(client.id),
      handovers: (await repositories.handovers.listForClient(client.id)).map((h) => ({
        ...h,
        note: notesIncluded && h.note !== null ? deps.crypto.decrypt(h.note) : null,
      })),
      checkIns,
      planAnswers,
      counsellingExtensions: (await repositories.counsellingExtensions.listForClient(client.id)).map((e) => ({
        endsAt: e.endsAt,
        at: e.at,
        reason: notesIncluded ? deps.crypto.decrypt(e.reason) : null,
      })),
      volunteerMatches: (await repositories.volunteerMatches.listForClient(client.id)).map((m) => ({
        offer: m.offer,
        contactWay: m.contactWay,
        status: m.status,
        outcome: m.outcome,
        startedAt: m.startedAt,
        endedAt: m.endedAt,
        meetingAt: m.meetingAt,
        meetingPlace: m.meetingPlace,
      })),
      messages: (await repositories.conversations.listForClient(client.id)).map((m) => ({
        direction: m.direction,
        status: m.status,
        text: notesIncluded || actor.kind === "client" ? m.text : null,
        phrase: m.phraseCode,
        file: m.file ? { kind: m.file.kind, name: m.file.name } : null,
        writtenAt: m.createdAt,
        passedAt: m.passedAt,
        closedAt: m.closedAt,
      })),
      chatAccounts: (await repositories.identities.listAllForClient(client.id)).map((i) => ({
        channel: i.channel,
        linkedAt: i.linkedAt,
        active: i.active,
        deactivatedAt: i.deactivatedAt,
      })),
    };
    await recordAudit(deps, repositories, actor, {
      action: "privacy.export",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return JSON.parse(JSON.stringify(data)) as ClientDataExport;
  });
}
