export const escalationKinds = ["need_help", "cannot_come", "other_time", "unreachable", "consent_declined", "erasure_requested", "plan_question"] as const;
export type EscalationKind = (typeof escalationKinds)[number];

/** Something a manager must look at: a client asked for help, cannot come, is unreachable, … */
export interface Escalation {
  id: string;
  tenantId: string;
  clientId: string;
  managerId: string;
  kind: EscalationKind;
  /** What it is about: a step id, an appointment id, … */
  subjectId: string | null;
  status: "open" | "resolved";
  createdAt: Date;
  resolvedAt: Date | null;
}
