import type { TextPart } from "../dialog/messages.ts";
import { goalStatuses, type GoalStatus } from "../plans/model.ts";
import type { ReportFigure } from "./model.ts";

/** Figures named by a text of their own (a code stays in the "Kennzahl" column for spreadsheets that read the file). */
const plainNames: Record<string, string> = {
  "clients.supported": "manager_reports.figure.supported",
  "cases.new": "manager_reports.figure.cases_new",
  "cases.closed": "manager_reports.figure.cases_closed",
  "contacts.total": "manager_reports.figure.contacts_total",
  "contacts.hours": "manager_reports.figure.contacts_hours",
  "plans.written": "manager_reports.figure.plans_written",
  "plans.reviewed": "manager_reports.figure.plans_reviewed",
  "plans.overdue_reviews": "manager_reports.figure.plans_overdue_reviews",
  "referrals.offer": "manager_reports.figure.referrals_offer",
  "referrals.volunteer": "manager_reports.figure.referrals_volunteer",
  "managers.no_qualification_a": "manager_reports.figure.no_qualification_a",
  "managers.qualification_none": "manager_reports.figure.qualification_none",
};

const goalStatusNames: Record<GoalStatus, string> = {
  open: "manager_reports.figure.goal_status.open",
  in_progress: "manager_reports.figure.goal_status.in_progress",
  achieved: "manager_reports.figure.goal_status.achieved",
  dropped: "manager_reports.figure.goal_status.dropped",
};

const isGoalStatus = (status: string): status is GoalStatus => (goalStatuses as readonly string[]).includes(status);

/**
 * What a figure of the funding report counts, as a text in the reader's language ("Ziele (Sprache): erreicht"), put
 * together from the texts of its parts (a contact's kind, a plan area, a service); null for a code not known here.
 */
export function figureName({ section, key }: Pick<ReportFigure, "section" | "key">): TextPart | null {
  const plain = plainNames[`${section}.${key}`];
  if (plain) return { key: plain };
  if (section === "contacts") return { key: "manager_reports.figure.contacts_kind", params: { kind: { t: "key", key: `manager.kind.${key}` } } };
  if (section === "goals") {
    const [area, status] = key.split(".");
    if (!area || !status || !isGoalStatus(status)) return null;
    return { key: "manager_reports.figure.goals", params: { area: { t: "key", key: `areas.${area}` }, status: { t: "key", key: goalStatusNames[status] } } };
  }
  if (section === "referrals" && key.startsWith("service.")) {
    return {
      key: "manager_reports.figure.referrals_service",
      params: { service: { t: "key", key: `manager_referrals.service.${key.slice("service.".length)}` } },
    };
  }
  const qualification = /^qualification_([abc])$/.exec(key);
  if (section === "managers" && qualification?.[1]) return { key: "manager_reports.figure.qualification", params: { qualification: qualification[1] } };
  return null;
}
