import type { ConversationMessage } from "../../../src/core/conversations/model.ts";
import type { PrivacyRepository, SealedColumn, SealedValue } from "../../../src/core/privacy/repositories.ts";
import type { DataProtectionRepositories } from "../../../src/core/ports/store.ts";
import type { ReportRepository } from "../../../src/core/reports/repositories.ts";
import type { CaseworkState } from "./appointments.ts";
import type { CaseState } from "./cases.ts";
import type { ConversationState } from "./conversations.ts";
import type { PlanState } from "./plans.ts";
import type { VolunteerState } from "./volunteers.ts";
import type { CounsellingState } from "./counselling.ts";
import type { MessagingState } from "./messaging.ts";
import { copy } from "./shared.ts";

type State = CaseState & PlanState & CaseworkState & CounsellingState & MessagingState & ConversationState & VolunteerState;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inPeriod = (at: Date, period: { from: Date; to: Date }) => at >= period.from && at < period.to;

/**
 * The stored form of texts a real store seals itself (goal texts, step texts and parameters, places, plan versions,
 * conversation texts, file references and file names), by column and row. The memory store keeps the open value for
 * reads; a key rotation changes only how a value is stored, never what it says, so it writes here.
 */
const storedForms = new WeakMap<State, Map<string, string>>();

function storeSealedCell(state: State, column: SealedColumn, rowId: string, open: string | null) {
  const forms = storedForms.get(state) ?? new Map<string, string>();
  storedForms.set(state, forms);
  const key = `${column}:${rowId}`;
  return { rowId, value: forms.get(key) ?? open, set: (next: string) => void forms.set(key, next) };
}

/** A sealed column of conversation messages: rows without a value (null) have none, as in the database. */
function conversationCells(state: State, column: SealedColumn, value: (message: ConversationMessage) => string | null) {
  return [...state.conversations.values()].flatMap((m) => {
    const open = value(m);
    return open === null ? [] : [storeSealedCell(state, column, m.id, open)];
  });
}

/** Every non-empty value of a sealed column with a setter, sorted by row id. */
function sealedCells(state: State, column: SealedColumn): { rowId: string; value: string; set: (next: string) => void }[] {
  const cells = (() => {
    switch (column) {
      case "goal.text":
        return [...state.goals.values()].map((g) => storeSealedCell(state, column, g.id, g.text));
      case "step.customText":
        return [...state.steps.values()].map((s) => storeSealedCell(state, column, s.id, s.customText));
      case "step.params":
        return [...state.steps.values()].map((s) => storeSealedCell(state, column, s.id, JSON.stringify(s.params)));
      case "outbox.params":
        return [...state.outbox.values()].flatMap((m) =>
          Object.keys(m.params).length === 0 ? [] : [storeSealedCell(state, column, m.id, JSON.stringify(m.params))],
        );
      case "dialogState.state":
        return [...state.dialogs.entries()].map(([key, dialog]) => storeSealedCell(state, column, key, JSON.stringify(dialog.state)));
      case "appointment.place":
        return [...state.appointments.values()].map((a) => storeSealedCell(state, column, a.id, a.place));
      case "volunteerMatch.meetingPlace":
        return [...state.volunteerMatches.values()].map((m) => storeSealedCell(state, column, m.id, m.meetingPlace));
      case "conversationMessage.text":
        return conversationCells(state, column, (m) => m.text);
      case "conversationMessage.fileRef":
        return conversationCells(state, column, (m) => m.file?.ref ?? null);
      case "conversationMessage.fileName":
        return conversationCells(state, column, (m) => m.file?.name ?? null);
      case "contact.note":
        return [...state.contacts.values()].map((c) => ({ rowId: c.id, value: c.note, set: (next: string) => void (c.note = next) }));
      case "step.note":
        return [...state.steps.values()].map((s) => ({ rowId: s.id, value: s.note, set: (next: string) => void (s.note = next) }));
      case "handover.note":
        return [...state.handovers.values()].map((h) => ({ rowId: h.id, value: h.note, set: (next: string) => void (h.note = next) }));
      case "appointment.clientAnswer":
        return [...state.appointments.values()].map((a) => ({ rowId: a.id, value: a.clientAnswer, set: (next: string) => void (a.clientAnswer = next) }));
      case "assessment.sensitive":
        return [...state.assessments.values()].map((a) => ({ rowId: a.clientId, value: a.sensitive, set: (next: string) => void (a.sensitive = next) }));
      case "counsellingExtension.reason":
        return [...state.counsellingExtensions.values()].map((e) => ({ rowId: e.id, value: e.reason, set: (next: string) => void (e.reason = next) }));
      case "planVersion.snapshot":
        return state.planVersions.map((v) => {
          const rowId = `${v.planId}#${String(v.version).padStart(10, "0")}`;
          return storeSealedCell(state, column, rowId, JSON.stringify(v.snapshot));
        });
    }
  })();
  return cells.flatMap((c) => (c.value ? [{ ...c, value: c.value }] : [])).sort((a, b) => byId(a.rowId, b.rowId));
}

function memoryPrivacy(state: () => State): PrivacyRepository {
  return {
    closedCasesBefore: async (tenantId, closedBefore, limit) =>
      [...state().clients.values()]
        .filter((c) => c.tenantId === tenantId && c.status === "closed" && !c.anonymizedAt && c.closedAt !== null && c.closedAt < closedBefore)
        .map((c) => c.id)
        .sort(byId)
        .slice(0, limit),
    erasureRequestsBefore: async (requestedBefore, limit) =>
      [...state().escalations.values()]
        .filter((e) => e.kind === "erasure_requested" && e.status === "open" && e.createdAt < requestedBefore)
        .sort((a, b) => byId(a.id, b.id))
        .slice(0, limit)
        .map((e) => ({ clientId: e.clientId, escalationId: e.id })),
    listSealed: async (column, after, limit): Promise<SealedValue[]> =>
      sealedCells(state(), column)
        .filter((cell) => after === null || cell.rowId > after)
        .slice(0, limit)
        .map((cell) => ({ column, rowId: cell.rowId, value: cell.value })),
    replaceSealed: async (column, rowId, expected, next) => {
      const cell = sealedCells(state(), column).find((c) => c.rowId === rowId);
      if (!cell || cell.value !== expected) return false;
      cell.set(next);
      return true;
    },
  };
}

function memoryReports(state: () => State): ReportRepository {
  return {
    clients: async (tenantId) =>
      [...state().clients.values()]
        .filter((c) => c.tenantId === tenantId)
        .sort((a, b) => byId(a.id, b.id))
        .map((c) => ({
          id: c.id,
          householdId: c.householdId,
          municipalityId: c.municipalityId ?? state().households.get(c.householdId)?.municipalityId ?? null,
          caseStartedAt: copy(c.caseStartedAt),
          closedAt: copy(c.closedAt),
          anonymized: c.anonymizedAt !== null,
        })),
    contacts: async (tenantId, period) =>
      [...state().contacts.values()]
        .filter((c) => c.tenantId === tenantId && inPeriod(c.at, period))
        .map((c) => ({ clientId: c.clientId, kind: c.kind, durationMin: c.durationMin })),
    plans: async (tenantId) =>
      [...state().plans.values()]
        .filter((p) => p.tenantId === tenantId)
        .map((p) => ({ id: p.id, clientId: p.clientId, householdId: p.householdId, createdAt: copy(p.createdAt), nextReviewAt: copy(p.nextReviewAt) })),
    planVersions: async (tenantId, period) =>
      state()
        .planVersions.filter((v) => state().plans.get(v.planId)?.tenantId === tenantId && inPeriod(v.createdAt, period))
        .map((v) => ({ planId: v.planId, reason: v.reason, createdAt: copy(v.createdAt) })),
    goals: async (tenantId) =>
      [...state().goals.values()]
        .filter((g) => state().plans.get(g.planId)?.tenantId === tenantId)
        .map((g) => ({ planId: g.planId, area: g.area, status: g.status })),
    referrals: async (tenantId, period) =>
      [...state().referrals.values()]
        .filter((r) => r.tenantId === tenantId && inPeriod(r.createdAt, period))
        .map((r) => ({ clientId: r.clientId, targetKind: r.targetKind, target: r.target })),
  };
}

/** Retention, key rotation and funding report queries over the other areas' memory state. */
export function memoryDataProtectionRepositories(state: () => State): DataProtectionRepositories {
  return { privacy: memoryPrivacy(state), reports: memoryReports(state) };
}
