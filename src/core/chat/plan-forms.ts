import { z } from "zod";
import type { FieldOption, FormContext, FormField, FormSubmitted } from "../dialog/form.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { addGoal } from "../plans/add-goal.ts";
import { editGoal } from "../plans/edit-goal.ts";
import { goalStatuses } from "../plans/model.ts";
import { addStep } from "../plans/add-step.ts";
import { isPlanArea, planAreaSchema } from "../plans/areas.ts";
import { catalogueGoalsByArea, goalTitleKey } from "../plans/goal-catalogue.ts";
import { readPlan } from "../plans/read-plan.ts";
import { catalogueStepsByArea, stepCatalogue, type CatalogueStep, type ParamSpec } from "../plans/step-catalogue.ts";
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
  return view.goals.map((goal, index) =>
    goal.catalogueKey ? { value: goal.id, labelKey: goalTitleKey(goal.catalogueKey) } : { value: goal.id, labelKey: "", label: `${index + 1}. ${goal.text}` },
  );
}

/** The plan is given by the plan view's button (a text field, so a whole-form channel can send it too). */
const planField = { name: "plan", type: "text", promptKey: "manager.plan.title", maxLength: 26 } as const;

/** The option value of a goal worded freely (catalogue goals are their keys, which fit a button). */
const ownGoal = "own";

/** The catalogue goals of the area chosen, then a goal of one's own. */
async function goalChoices({ values }: FormContext): Promise<FieldOption[]> {
  const area = typeof values.area === "string" && isPlanArea(values.area) ? values.area : null;
  const catalogue = area ? catalogueGoalsByArea(area).map((goal) => ({ value: goal.key, labelKey: goalTitleKey(goal.key) })) : [];
  return [...catalogue, { value: ownGoal, labelKey: "manager.plan.goal_form.own" }];
}

const addGoalSchema = z
  .object({
    plan: z.string().min(1),
    area: planAreaSchema,
    goal: z.string().min(1),
    text: planTextSchema.optional(),
    note: planTextSchema.optional(),
  })
  .refine((values) => values.goal !== ownGoal || values.text !== undefined, { message: "an own goal needs its wording", path: ["text"] });

/**
 * Add a goal: area (tapped) → a goal of the catalogue (tapped; the client reads it in their language) or one's own
 * (typed; the client reads its area). A card also takes a German note. Then the goal's first step is asked at once,
 * in the goal's area.
 */
export const addGoalForm = defineForm({
  id: "pgoal",
  titleKey: "manager.plan.goal_form.title",
  schema: addGoalSchema,
  allowed: isStaffManager,
  fields: [
    planField,
    {
      name: "area",
      type: "choice",
      promptKey: "manager.plan.goal_form.area",
      labelKey: "manager.labels.area",
      options: async () => areaOptions(),
      refreshesCard: true,
    },
    { name: "goal", type: "choice", promptKey: "manager.plan.goal_form.goal", labelKey: "manager.labels.goal", options: goalChoices },
    {
      name: "text",
      type: "text",
      promptKey: "manager.plan.goal_form.text",
      labelKey: "manager.labels.goal_text",
      maxLength: 300,
      when: (values) => values.goal === ownGoal,
    },
    {
      name: "note",
      type: "text",
      promptKey: "manager.plan.goal_form.note",
      labelKey: "manager.labels.goal_note",
      optional: true,
      cardOnly: true,
      maxLength: 300,
      when: (values) => values.goal !== ownGoal,
    },
  ],
  submit: async (context, values): Promise<FormSubmitted> => {
    const own = values.goal === ownGoal;
    const wording = own ? values.text : values.note;
    const goal = await addGoal(context.deps, context.actor, {
      planId: values.plan,
      area: values.area,
      ...(own ? {} : { catalogueKey: values.goal }),
      ...(wording ? { text: wording } : {}),
    });
    return {
      outbound: [say("manager.plan.goal_added"), await planMessage(context, values.plan)],
      next: { form: addStepForm, values: { plan: values.plan, goal: goal.id, area: goal.area } },
    };
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

/** The catalogue step chosen: the step's number within the goal's area. */
function chosenStep(values: Record<string, unknown>): CatalogueStep | undefined {
  const { area, step } = values;
  if (typeof area !== "string" || !isPlanArea(area) || typeof step !== "string" || !/^\d+$/.test(step)) return undefined;
  return catalogueStepsByArea(area)[Number(step)];
}

/** Every step of the area, parameters shown as "…" until they are given, then a step of one's own. */
async function stepOptions({ values }: FormContext): Promise<FieldOption[]> {
  const area = typeof values.area === "string" && isPlanArea(values.area) ? values.area : null;
  const catalogue = (area ? catalogueStepsByArea(area) : []).map((step, index) => ({
    value: String(index),
    labelKey: `catalogue.${step.key}.title`,
    ...(step.params.length > 0 ? { labelParams: Object.fromEntries(step.params.map((param) => [param.name, "…"])) } : {}),
  }));
  return [...catalogue, { value: customStep, labelKey: "manager.plan.step_form.custom" }];
}

/** How a step's value is asked (in a chat) and labelled (on a card); literal keys, so the i18n check sees them. */
const paramTexts: Record<string, { promptKey: string; labelKey: string }> = {
  childName: { promptKey: "manager.plan.step_form.param.childName", labelKey: "manager.plan.step_form.param_label.childName" },
  provider: { promptKey: "manager.plan.step_form.param.provider", labelKey: "manager.plan.step_form.param_label.provider" },
  place: { promptKey: "manager.plan.step_form.param.place", labelKey: "manager.plan.step_form.param_label.place" },
  address: { promptKey: "manager.plan.step_form.param.address", labelKey: "manager.plan.step_form.param_label.address" },
  profession: { promptKey: "manager.plan.step_form.param.profession", labelKey: "manager.plan.step_form.param_label.profession" },
  personName: { promptKey: "manager.plan.step_form.param.personName", labelKey: "manager.plan.step_form.param_label.personName" },
  club: { promptKey: "manager.plan.step_form.param.club", labelKey: "manager.plan.step_form.param_label.club" },
  event: { promptKey: "manager.plan.step_form.param.event", labelKey: "manager.plan.step_form.param_label.event" },
  examDate: { promptKey: "manager.plan.step_form.param.examDate", labelKey: "manager.plan.step_form.param_label.examDate" },
  visitDate: { promptKey: "manager.plan.step_form.param.visitDate", labelKey: "manager.plan.step_form.param_label.visitDate" },
  meetingDate: { promptKey: "manager.plan.step_form.param.meetingDate", labelKey: "manager.plan.step_form.param_label.meetingDate" },
};

const paramFieldName = (name: string): string => `p_${name}`;

/** The catalogue's step values, each once: a child's name, a provider, a day. */
const paramSpecs: ParamSpec[] = [...new Map(stepCatalogue.flatMap((step) => step.params).map((param) => [param.name, param])).values()];

/** One question per step value, asked when the step chosen has it (a name or place typed, a day as people say it). */
const paramFields: FormField[] = paramSpecs.map((param) => {
  const texts = paramTexts[param.name];
  // A catalogue step with a value nobody can be asked for would be offered and never saved: fail at start instead.
  if (!texts) throw new Error(`no question for the catalogue step value ${param.name}`);
  return {
    name: paramFieldName(param.name),
    type: param.kind === "date" ? "date" : "text",
    ...texts,
    ...(param.kind === "date" ? {} : { maxLength: param.kind === "place" ? 200 : 120 }),
    when: (values) => chosenStep(values)?.params.some((p) => p.name === param.name) ?? false,
  };
});

const cadenceOptions = async (): Promise<FieldOption[]> => [
  { value: "0", labelKey: "manager.plan.cadence.none" },
  { value: "7", labelKey: "manager.plan.cadence.days_7" },
  { value: "14", labelKey: "manager.plan.cadence.days_14" },
  { value: "30", labelKey: "manager.plan.cadence.days_30" },
];

const addStepSchema = z
  .object({
    plan: z.string().min(1),
    goal: z.string().min(1),
    area: planAreaSchema,
    step: z.string().min(1).optional(),
    customText: planTextSchema.optional(),
    dueAt: z.iso.datetime().optional(),
    cadence: z.enum(["0", "7", "14", "30"]).optional(),
  })
  // The step's values (p_childName, …): checked against the catalogue step by the use case.
  .catchall(z.string());

const stepChosen = (values: Record<string, unknown>): boolean => typeof values.step === "string" && values.step !== "";

/**
 * Add a step to a goal, in the goal's area (given by the button, asked only when unknown): a catalogue step (with its
 * values: the child's name, the provider, a day) or one's own text → an optional due day ("18.12.", "in 2 Wochen") →
 * for one's own step, how often the client is asked (a catalogue step has its own rhythm). Skipping the step adds none.
 */
export const addStepForm = defineForm({
  id: "pstep",
  titleKey: "manager.plan.step_form.title",
  schema: addStepSchema,
  allowed: isStaffManager,
  fields: [
    planField,
    { name: "goal", type: "choice", promptKey: "manager.plan.step_form.goal", labelKey: "manager.labels.goal", options: goalOptions },
    {
      name: "area",
      type: "choice",
      promptKey: "manager.plan.step_form.area",
      labelKey: "manager.labels.area",
      options: async () => areaOptions(),
      refreshesCard: true,
    },
    {
      name: "step",
      type: "choice",
      promptKey: "manager.plan.step_form.step",
      labelKey: "manager.labels.step",
      options: stepOptions,
      optional: true,
      refreshesCard: true,
    },
    ...paramFields,
    {
      name: "customText",
      type: "text",
      promptKey: "manager.plan.step_form.custom_text",
      labelKey: "manager.labels.custom_text",
      maxLength: 300,
      when: (values) => values.step === customStep,
    },
    {
      name: "dueAt",
      type: "datetime",
      promptKey: "manager.plan.step_form.due",
      labelKey: "manager.labels.due",
      optional: true,
      dayAloneAt: "23:59",
      when: stepChosen,
    },
    {
      name: "cadence",
      type: "choice",
      promptKey: "manager.plan.step_form.cadence",
      labelKey: "manager.labels.cadence",
      options: cadenceOptions,
      when: (values) => values.step === customStep,
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (values.step === undefined) return [await planMessage(context, values.plan)];
    const catalogueStep = chosenStep(values);
    const content =
      values.step === customStep
        ? { customText: values.customText, cadenceDays: values.cadence === "0" || values.cadence === undefined ? null : Number(values.cadence) }
        : {
            catalogueKey: catalogueStep?.key ?? "",
            params: Object.fromEntries((catalogueStep?.params ?? []).map((param) => [param.name, values[paramFieldName(param.name)]])),
          };
    const { checkInPlanned } = await addStep(context.deps, context.actor, {
      goalId: values.goal,
      ...content,
      ...(values.dueAt ? { dueAt: values.dueAt } : {}),
    });
    return [say(checkInPlanned ? "manager.plan.step_added_checkin" : "manager.plan.step_added"), await planMessage(context, values.plan)];
  },
});
