import { z } from "zod";
import { planAreaSchema, type PlanArea } from "./areas.ts";
import { stepResponsibles, type StepResponsible } from "./step-catalogue.ts";

export const goalStatuses = ["open", "in_progress", "achieved", "dropped"] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const stepStatuses = ["open", "in_progress", "done", "dropped"] as const;
export type StepStatus = (typeof stepStatuses)[number];

export const checkInAnswers = ["done", "in_progress", "need_help"] as const;
export type CheckInAnswer = (typeof checkInAnswers)[number];

/** A client's answer to their plan as sent to them for agreement: "I agree" or "I have a question". */
export const planAnswerKinds = ["agreed", "question"] as const;
export type PlanAnswerKind = (typeof planAnswerKinds)[number];

export const planVersionReasons = ["created", "reviewed", "updated"] as const;
export type PlanVersionReason = (typeof planVersionReasons)[number];

/** An integration plan (Integrationsplan) of one adult (`clientId`) or of a household (`householdId`), never both. */
export interface IntegrationPlan {
  id: string;
  tenantId: string;
  clientId: string | null;
  householdId: string | null;
  /** 1 at creation, one more at each review (Fortschreibung). */
  version: number;
  nextReviewAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Goal {
  id: string;
  planId: string;
  area: PlanArea;
  /** A goal of the catalogue (goal-catalogue.ts), which a client reads in their language; null for a free goal. */
  catalogueKey: string | null;
  /** German, written by the manager: a free goal's wording, or a catalogue goal's optional note ("" for none). */
  text: string;
  status: GoalStatus;
  position: number;
  createdAt: Date;
}

/** A step towards a goal: a catalogue step with parameters (readable in every client language) or a custom German text. */
export interface PlanStep {
  id: string;
  goalId: string;
  catalogueKey: string | null;
  params: Record<string, string>;
  customText: string | null;
  /** Encrypted at rest (Crypto port); readable only with "notes" access. */
  note: string | null;
  responsible: StepResponsible;
  dueAt: Date | null;
  /** Days between check-ins while the step is open; null without check-ins. */
  cadenceDays: number | null;
  status: StepStatus;
  lastCheckinAt: Date | null;
  createdAt: Date;
}

/** A client's answer to a check-in question about a step. */
export interface CheckIn {
  id: string;
  stepId: string;
  clientId: string;
  answer: CheckInAnswer;
  at: Date;
}

/** A client's answer to one version of their plan (the plan agreed in writing), kept with its time. */
export interface PlanAnswer {
  id: string;
  planId: string;
  version: number;
  clientId: string;
  answer: PlanAnswerKind;
  at: Date;
}

const stepSnapshotSchema = z.object({
  id: z.string(),
  catalogueKey: z.string().nullable(),
  params: z.record(z.string(), z.string()),
  customText: z.string().nullable(),
  /** Still sealed. */
  note: z.string().nullable(),
  responsible: z.enum(stepResponsibles),
  dueAt: z.iso.datetime().nullable(),
  cadenceDays: z.number().int().nullable(),
  status: z.enum(stepStatuses),
});

const goalSnapshotSchema = z.object({
  id: z.string(),
  area: planAreaSchema,
  /** Missing in versions recorded before the goal catalogue: a free goal. */
  catalogueKey: z.string().nullable().default(null),
  text: z.string(),
  status: z.enum(goalStatuses),
  position: z.number().int(),
  steps: z.array(stepSnapshotSchema),
});

/** Goals and steps of a plan as they were at one version: a JSON document (dates as ISO text, notes sealed). */
export const planSnapshotSchema = z.object({ goals: z.array(goalSnapshotSchema) });
export type PlanSnapshot = z.output<typeof planSnapshotSchema>;

export interface PlanVersion {
  planId: string;
  version: number;
  snapshot: PlanSnapshot;
  reason: PlanVersionReason;
  createdAt: Date;
  createdBy: string;
}
