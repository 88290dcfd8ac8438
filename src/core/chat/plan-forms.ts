import { z } from "zod";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { addGoal } from "../plans/add-goal.ts";
import { editGoal } from "../plans/edit-goal.ts";
import { goalStatuses } from "../plans/model.ts";
import { addStep } from "../plans/add-step.ts";
import { isPlanArea, planAreaSchema } from "../plans/areas.ts";
import { readPlan } from "../plans/read-plan.ts";
import { catalogueStepsByArea, type CatalogueStep } from "../plans/step-catalogue.ts";
import { planTextSchema } from "../plans/values.ts";
import { clientPlanMessages, goalStatusKeys, planMessage } from "./plan-message.ts";
import { areaOptions, caseloadOptions, isStaffManager } from "./staff-options.ts";

/** /plan without a name: pick a client (recent first, or type a name), then their plan. */
export const planClientForm = defineForm({
  id: "plan",
  titleKey: "manager.plan.title",
  schema: z.object({ client: z.string().min(1) }),
  allowed: isStaffManager,
  fields: [{ name: "client", type: "choice", promptKey: "manager.plan.client", labelKey: "manager.labels.client", options: caseloadOptions }],
  submit: async (context, values) => clientPlanMessages(context, values.client),
});

/** The plan's goals as options (for a step form started from the plan view, the goal is already given). */
async function goalOptions({ deps, actor, values }: FormContext): Promise<FieldOption[]> {
  if (typeof values.plan !== "string") return [];
  const view = await readPlan(deps, actor, { planId: values.plan });
  return view.goals.map((goal, index) => ({ value: goal.id, labelKey: "", label: `${index + 1}. ${goal.text}` }));
}

/** The plan is given by the plan view's button (a text field, so a whole-form channel can send it too). */
const planField = { name: "plan", type: "text", promptKey: "manager.plan.title", maxLength: 26 } as const;

/** Add a goal: area (tapped) → text (typed). */
export const addGoalForm = defineForm({
  id: "pgoal",
  titleKey: "manager.plan.goal_form.title",
  schema: z.object({ plan: z.string().min(1), area: planAreaSchema, text: planTextSchema }),
  allowed: isStaffManager,
  fields: [
    planField,
    { name: "area", type: "choice", promptKey: "manager.plan.goal_form.area", labelKey: "manager.labels.area", options: async () => areaOptions() },
    { name: "text", type: "text", promptKey: "manager.plan.goal_form.text", labelKey: "manager.labels.goal_text", maxLength: 300 },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    await addGoal(context.deps, context.actor, { planId: values.plan, area: values.area, text: values.text });
    return [say("manager.plan.goal_added"), await planMessage(context, values.plan)];
  },
});

/**
 * Edit a goal: its status (achieved and dropped goals count in the funding report) and, optionally, new wording.
 * Plan and goal come from the button.
 */
export const editGoalForm = defineForm({
  id: "pgoaled",
  titleKey: "manager.plan.edit_goal_form.title",
  schema: z.object({
    plan: z.string().min(1),
    goal: z.string().min(1),
    status: z.enum(goalStatuses),
    text: z.preprocess((value) => (value === "" ? undefined : value), planTextSchema.optional()),
  }),
  allowed: isStaffManager,
  fields: [
    planField,
    { name: "goal", type: "text", promptKey: "manager.plan.title", maxLength: 26 },
    {
      name: "status",
      type: "choice",
      promptKey: "manager.plan.edit_goal_form.status",
      labelKey: "manager.plan.edit_goal_form.status_label",
      options: async () => goalStatuses.map((status) => ({ value: status, labelKey: goalStatusKeys[status] })),
    },
    {
      name: "text",
      type: "text",
      promptKey: "manager.plan.edit_goal_form.text",
      labelKey: "manager.plan.edit_goal_form.text_label",
      optional: true,
      maxLength: 300,
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    await editGoal(context.deps, context.actor, { goalId: values.goal, status: values.status, ...(values.text ? { text: values.text } : {}) });
    return [say("manager.plan.goal_edited"), await planMessage(context, values.plan)];
  },
});

/** The option value of a custom step (catalogue steps are numbered within their area: values fit a button). */
const customStep = "custom";

/** Catalogue steps of an area that need no parameters; the chat offers these plus a custom text. */
const parameterlessSteps = (area: unknown): { step: CatalogueStep; value: string }[] =>
  typeof area === "string" && isPlanArea(area)
    ? catalogueStepsByArea(area)
        .map((step, index) => ({ step, value: String(index) }))
        .filter(({ step }) => step.params.length === 0)
    : [];

async function stepOptions({ values }: FormContext): Promise<FieldOption[]> {
  const catalogue = parameterlessSteps(values.area).map(({ step, value }) => ({ value, labelKey: `catalogue.${step.key}.title` }));
  return [...catalogue, { value: customStep, labelKey: "manager.plan.step_form.custom" }];
}

const cadenceOptions = async (): Promise<FieldOption[]> => [
  { value: "0", labelKey: "manager.plan.cadence.none" },
  { value: "7", labelKey: "manager.plan.cadence.days_7" },
  { value: "14", labelKey: "manager.plan.cadence.days_14" },
  { value: "30", labelKey: "manager.plan.cadence.days_30" },
];

const addStepSchema = z.object({
  plan: z.string().min(1),
  goal: z.string().min(1),
  area: planAreaSchema,
  step: z.string().min(1),
  customText: planTextSchema.optional(),
  dueAt: z.iso.datetime().optional(),
  cadence: z.enum(["0", "7", "14", "30"]),
});

/** Add a step: goal → area → catalogue step or custom text → optional due date → check-in cadence. */
export const addStepForm = defineForm({
  id: "pstep",
  titleKey: "manager.plan.step_form.title",
  schema: addStepSchema,
  allowed: isStaffManager,
  fields: [
    planField,
    { name: "goal", type: "choice", promptKey: "manager.plan.step_form.goal", labelKey: "manager.labels.goal", options: goalOptions },
    { name: "area", type: "choice", promptKey: "manager.plan.step_form.area", labelKey: "manager.labels.area", options: async () => areaOptions() },
    { name: "step", type: "choice", promptKey: "manager.plan.step_form.step", labelKey: "manager.labels.step", options: stepOptions },
    {
      name: "customText",
      type: "text",
      promptKey: "manager.plan.step_form.custom_text",
      labelKey: "manager.labels.custom_text",
      maxLength: 300,
      when: (values) => values.step === customStep,
    },
    { name: "dueAt", type: "datetime", promptKey: "manager.plan.step_form.due", labelKey: "manager.labels.due", optional: true, dayAloneAt: "23:59" },
    { name: "cadence", type: "choice", promptKey: "manager.plan.step_form.cadence", labelKey: "manager.labels.cadence", options: cadenceOptions },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const content =
      values.step === customStep
        ? { customText: values.customText }
        : { catalogueKey: parameterlessSteps(values.area).find(({ value }) => value === values.step)?.step.key ?? "" };
    const cadenceDays = values.cadence === "0" ? null : Number(values.cadence);
    const { checkInPlanned } = await addStep(context.deps, context.actor, {
      goalId: values.goal,
      ...content,
      cadenceDays,
      ...(values.dueAt ? { dueAt: values.dueAt } : {}),
    });
    return [say(checkInPlanned ? "manager.plan.step_added_checkin" : "manager.plan.step_added"), await planMessage(context, values.plan)];
  },
});
