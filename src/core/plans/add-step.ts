import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { checkInRecipient, planStepCheckIn } from "./check-ins.ts";
import type { PlanStep } from "./model.ts";
import { auditPlan, loadGoalInScope, type PlanInScope } from "./plan-scope.ts";
import { catalogueStepParamsSchema, findCatalogueStep, stepResponsibles, type StepResponsible } from "./step-catalogue.ts";
import { cadenceDaysSchema, planTextSchema, stepNoteSchema } from "./values.ts";

export const addStepInput = z
  .object({
    goalId: idSchema,
    catalogueKey: z.string().trim().min(1).max(64).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    customText: planTextSchema.optional(),
    /** Defaults to the catalogue step's responsible, else the client. */
    responsible: z.enum(stepResponsibles).optional(),
    dueAt: z.coerce.date().optional(),
    /** Days between check-ins; defaults to the catalogue step's cadence; null for no check-ins. */
    cadenceDays: cadenceDaysSchema.nullable().optional(),
    note: stepNoteSchema.optional(),
  })
  .refine((input) => (input.catalogueKey === undefined) !== (input.customText === undefined), {
    message: "give either catalogueKey or customText",
    path: ["catalogueKey"],
  })
  .refine((input) => input.customText === undefined || input.params === undefined || Object.keys(input.params).length === 0, {
    message: "a custom step has no parameters",
    path: ["params"],
  });

type AddStepInput = z.output<typeof addStepInput>;

interface StepContent {
  catalogueKey: string | null;
  params: Record<string, string>;
  customText: string | null;
  responsible: StepResponsible;
  cadenceDays: number | null;
}

function stepContent(input: AddStepInput): StepContent {
  if (input.catalogueKey === undefined) {
    return {
      catalogueKey: null,
      params: {},
      customText: input.customText ?? null,
      responsible: input.responsible ?? "client",
      cadenceDays: input.cadenceDays ?? null,
    };
  }
  const entry = findCatalogueStep(input.catalogueKey);
  if (!entry) {
    throw new DomainError("invalid_input", `unknown catalogue step ${input.catalogueKey}`, [{ path: "catalogueKey", message: "unknown catalogue step" }]);
  }
  const params = parseParams(input.catalogueKey, input.params ?? {});
  return {
    catalogueKey: entry.key,
    params,
    customText: null,
    responsible: input.responsible ?? entry.defaultResponsible,
    cadenceDays: input.cadenceDays === undefined ? entry.defaultCadenceDays : input.cadenceDays,
  };
}

function parseParams(catalogueKey: string, params: Record<string, unknown>): Record<string, string> {
  try {
    return parseInput(catalogueStepParamsSchema(catalogueKey), params);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError(
        error.code,
        error.message,
        error.issues.map((issue) => ({ ...issue, path: issue.path ? `params.${issue.path}` : "params" })),
      );
    }
    throw error;
  }
}

/** Asks the plan's client about a new step after its cadence, when they consented to check-ins (and messaging). */
async function planFirstCheckIn(deps: CoreDeps, repositories: Repositories, scope: PlanInScope, step: PlanStep): Promise<boolean> {
  if (step.cadenceDays === null) return false;
  const recipient = await checkInRecipient(
    repositories,
    scope.subjects.map((s) => s.client),
  );
  if (!recipient) return false;
  return planStepCheckIn(deps, repositories, { plan: scope.plan, step, recipient, number: 1, from: step.createdAt });
}

export interface AddedStep {
  /** As the manager wrote it (the note in plain text; it is sealed in the store). */
  step: PlanStep;
  checkInPlanned: boolean;
}

/**
 * A manager adds a step to a goal: a catalogue step with its parameters or a custom German text, with an optional
 * note (encrypted at rest). A step with a cadence gets its first check-in question planned.
 */
export async function addStep(deps: CoreDeps, actor: Actor, input: unknown): Promise<AddedStep> {
  const parsed = parseInput(addStepInput, input);
  const content = stepContent(parsed);
  return deps.store.transaction(async (repositories) => {
    const { goal, ...scope } = await loadGoalInScope(repositories, actor, parsed.goalId, "write");
    const now = deps.clock.now();
    const step: PlanStep = {
      id: deps.ids.newId(),
      goalId: goal.id,
      ...content,
      note: parsed.note === undefined ? null : deps.crypto.encrypt(parsed.note),
      dueAt: parsed.dueAt ?? null,
      status: "open",
      lastCheckinAt: null,
      createdAt: now,
    };
    await repositories.steps.create(step);
    await repositories.plans.touch(goal.planId, now);
    const checkInPlanned = await planFirstCheckIn(deps, repositories, scope, step);
    await auditPlan(deps, repositories, actor, scope, "plan.step.add", { kind: "step", id: step.id });
    return { step: { ...step, note: parsed.note ?? null }, checkInPlanned };
  });
}
