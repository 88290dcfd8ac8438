import { shareCase } from "../cases/share-case.ts";
import { z } from "zod";
import { cancelAppointment } from "../appointments/cancel-appointment.ts";
import { moveAppointment } from "../appointments/move-appointment.ts";
import { healthFlags, languageLevels } from "../assessment/model.ts";
import { readAssessment } from "../assessment/read-assessment.ts";
import { recordAssessment } from "../assessment/record-assessment.ts";
import { caseCloseReasons, closeCase, type CaseCloseReason } from "../cases/close-case.ts";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { handOverCase } from "../handover/hand-over-case.ts";
import { maxHandoverNoteLength } from "../handover/model.ts";
import { regularServices, type RegularService } from "../referrals/model.ts";
import { referClient } from "../referrals/refer-client.ts";
import { labelSchema } from "../shared/values.ts";
import { clientCardMessage } from "./client-card.ts";
import { isStaffManager } from "./staff-options.ts";

/** A skipped optional answer arrives as "" (or not at all): both mean "not given". */
const skippable = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The client or appointment is given by the card's button (a text field, so a whole-form channel can send it too). */
const idField = (name: string) => ({ name, type: "text", promptKey: "manager_card.form.which", maxLength: 26 }) as const;

/** Move an appointment from the card or an escalation: the new date and time, typed naturally; the client is told. */
export const moveAppointmentForm = defineForm({
  id: "apmove",
  titleKey: "manager_card.move.title",
  schema: z.object({ appointment: z.string().min(1), startsAt: z.iso.datetime() }),
  allowed: isStaffManager,
  fields: [idField("appointment"), { name: "startsAt", type: "datetime", promptKey: "manager_card.move.starts_at", labelKey: "manager_card.labels.new_time" }],
  submit: async (context, values): Promise<Outbound[]> => {
    const moved = await moveAppointment(context.deps, context.actor, { appointmentId: values.appointment, startsAt: values.startsAt });
    const params = { startsAt: { t: "datetime" as const, iso: moved.startsAt.toISOString(), zone: context.zone }, place: moved.place };
    const done = say(moved.notifiedClientIds.length > 0 ? "manager_card.move.done" : "manager_card.move.done_not_told", params);
    const [clientId] = moved.clientIds;
    return clientId ? [done, await clientCardMessage(context, clientId)] : [done];
  },
});

/** Cancel an appointment after a confirmation; the client is told. */
export const cancelAppointmentForm = defineForm({
  id: "apcancel",
  titleKey: "manager_card.cancel.title",
  schema: z.object({ appointment: z.string().min(1), confirm: z.boolean() }),
  allowed: isStaffManager,
  fields: [
    idField("appointment"),
    { name: "confirm", type: "confirm", promptKey: "manager_card.cancel.confirm", labelKey: "manager_card.labels.cancel_confirm" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const cancelled = await cancelAppointment(context.deps, context.actor, { appointmentId: values.appointment });
    const params = { startsAt: { t: "datetime" as const, iso: cancelled.startsAt.toISOString(), zone: context.zone } };
    const done = say(cancelled.notifiedClientIds.length > 0 ? "manager_card.cancel.done" : "manager_card.cancel.done_not_told", params);
    const [clientId] = cancelled.clientIds;
    return clientId ? [done, await clientCardMessage(context, clientId)] : [done];
  },
});

const healthFlagKeys: Record<(typeof healthFlags)[number], string> = {
  disability: "manager_card.assessment.health_flag.disability",
  chronic_illness: "manager_card.assessment.health_flag.chronic_illness",
  mental_health_support: "manager_card.assessment.health_flag.mental_health_support",
  pregnancy: "manager_card.assessment.health_flag.pregnancy",
  care_needs: "manager_card.assessment.health_flag.care_needs",
  mobility_restricted: "manager_card.assessment.health_flag.mobility_restricted",
};

const levelOptions = async (): Promise<FieldOption[]> =>
  languageLevels.map((level) =>
    level === "native" ? { value: level, labelKey: "manager_card.assessment.level_native" } : { value: level, labelKey: "", label: level },
  );

const assessmentSchema = z.object({
  client: z.string().min(1),
  /** Prefilled when the form starts: whether the client currently consents to health / residence details. */
  healthConsent: z.boolean().default(false),
  residenceConsent: z.boolean().default(false),
  germanLevel: skippable(z.enum(languageLevels)),
  schoolingYears: skippable(z.number().int().min(0).max(60)),
  training: skippable(labelSchema),
  interests: skippable(z.string().trim().max(500)),
  childrenCount: skippable(z.number().int().min(0).max(20)),
  healthFlags: skippable(z.array(z.enum(healthFlags))),
  residenceStatus: skippable(labelSchema),
});
type AssessmentValues = z.output<typeof assessmentSchema>;

const interestList = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .slice(0, 30)
    .map((part) => part.slice(0, 200));

/** The changes to record: the answered fields merged into what was recorded before; null when nothing was answered. */
async function assessmentChanges(context: Omit<FormContext, "values">, values: AssessmentValues): Promise<Record<string, unknown> | null> {
  const current = await readAssessment(context.deps, context.actor, { clientId: values.client });
  const data = current?.data ?? {};
  const sensitive = current?.sensitive ?? {};
  const changes: Record<string, unknown> = {};
  if (values.germanLevel) changes.languages = [...(data.languages ?? []).filter((l) => l.code !== "de"), { code: "de", level: values.germanLevel }];
  if (values.schoolingYears !== undefined) changes.schooling = { ...data.schooling, years: values.schoolingYears };
  if (values.training) {
    const known = (data.vocationalTraining ?? []).filter((t) => t.title !== values.training);
    changes.vocationalTraining = [...known, { title: values.training }].slice(-20);
  }
  if (values.interests) changes.interests = interestList(values.interests);
  if (values.childrenCount !== undefined) changes.household = { ...data.household, childrenCount: values.childrenCount };
  if (values.healthConsent && values.healthFlags && values.healthFlags.length > 0) changes.health = { ...sensitive.health, flags: values.healthFlags };
  if (values.residenceConsent && values.residenceStatus) changes.residence = { ...sensitive.residence, status: values.residenceStatus };
  return Object.keys(changes).length > 0 ? changes : null;
}

/**
 * Record or update the assessment, field by field, each skippable. Health and residence are asked only when the
 * client currently consents to that purpose (the use case checks it again).
 */
export const assessmentForm = defineForm({
  id: "assess",
  titleKey: "manager_card.assessment.title",
  schema: assessmentSchema,
  allowed: isStaffManager,
  fields: [
    idField("client"),
    {
      name: "germanLevel",
      type: "choice",
      promptKey: "manager_card.assessment.german_level",
      labelKey: "manager_card.labels.german_level",
      optional: true,
      options: levelOptions,
    },
    {
      name: "schoolingYears",
      type: "number",
      promptKey: "manager_card.assessment.schooling_years",
      labelKey: "manager_card.labels.schooling_years",
      optional: true,
      min: 0,
      max: 60,
    },
    { name: "training", type: "text", promptKey: "manager_card.assessment.training", labelKey: "manager_card.labels.training", optional: true, maxLength: 200 },
    {
      name: "interests",
      type: "text",
      promptKey: "manager_card.assessment.interests",
      labelKey: "manager_card.labels.interests",
      optional: true,
      maxLength: 500,
    },
    {
      name: "childrenCount",
      type: "number",
      promptKey: "manager_card.assessment.children",
      labelKey: "manager_card.labels.children",
      optional: true,
      min: 0,
      max: 20,
    },
    // Given when the form starts (the client's current consent); hidden in a whole-form card, never asked in a chat.
    { name: "healthConsent", type: "confirm", promptKey: "manager_card.assessment.consent_given", optional: true },
    { name: "residenceConsent", type: "confirm", promptKey: "manager_card.assessment.consent_given", optional: true },
    {
      name: "healthFlags",
      type: "multi_choice",
      promptKey: "manager_card.assessment.health_flags",
      labelKey: "manager_card.labels.health_flags",
      optional: true,
      when: (values) => values.healthConsent === true,
      options: async () => healthFlags.map((flag) => ({ value: flag, labelKey: healthFlagKeys[flag] })),
    },
    {
      name: "residenceStatus",
      type: "text",
      promptKey: "manager_card.assessment.residence_status",
      labelKey: "manager_card.labels.residence_status",
      optional: true,
      maxLength: 200,
      when: (values) => values.residenceConsent === true,
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const changes = await assessmentChanges(context, values);
    if (!changes) return [say("manager_card.assessment.nothing"), await clientCardMessage(context, values.client)];
    await recordAssessment(context.deps, context.actor, { clientId: values.client, ...changes });
    return [say("manager_card.assessment.saved"), await clientCardMessage(context, values.client)];
  },
});

export const serviceKeys: Record<RegularService, string> = {
  jobcenter: "manager_card.referral.service.jobcenter",
  agentur_fuer_arbeit: "manager_card.referral.service.agentur_fuer_arbeit",
  auslaenderbehoerde: "manager_card.referral.service.auslaenderbehoerde",
  integration_course_provider: "manager_card.referral.service.integration_course_provider",
  recognition_counselling: "manager_card.referral.service.recognition_counselling",
  school: "manager_card.referral.service.school",
  youth_career_help: "manager_card.referral.service.youth_career_help",
  migration_counselling: "manager_card.referral.service.migration_counselling",
  other: "manager_card.referral.service.other",
};

/** Option values fit a button: services by number ("s0" …), then a local offer and a volunteer. */
const serviceValue = (index: number) => `s${index}`;
const targetOptions = async (): Promise<FieldOption[]> => [
  ...regularServices.map((service, index) => ({ value: serviceValue(index), labelKey: serviceKeys[service] })),
  { value: "offer", labelKey: "manager_card.referral.offer" },
  { value: "volunteer", labelKey: "manager_card.referral.volunteer" },
];
const needsText = (values: Record<string, unknown>) => values.target === "offer" || values.target === "volunteer";

/** Refer to a standard service (Regeldienst), a local offer or a volunteer; optional follow-up date. */
export const referralForm = defineForm({
  id: "refer",
  titleKey: "manager_card.referral.title",
  schema: z.object({
    client: z.string().min(1),
    target: z.string().regex(/^(s\d|offer|volunteer)$/),
    description: skippable(labelSchema),
    followUpAt: skippable(z.iso.datetime()),
  }),
  allowed: isStaffManager,
  fields: [
    idField("client"),
    { name: "target", type: "choice", promptKey: "manager_card.referral.target", labelKey: "manager_card.labels.referral_target", options: targetOptions },
    {
      name: "description",
      type: "text",
      promptKey: "manager_card.referral.description",
      labelKey: "manager_card.labels.referral_description",
      maxLength: 200,
      when: needsText,
    },
    { name: "followUpAt", type: "datetime", promptKey: "manager_card.referral.follow_up", labelKey: "manager_card.labels.follow_up", optional: true },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const followUp = values.followUpAt ? { followUpAt: values.followUpAt } : {};
    const service = regularServices.find((_, index) => serviceValue(index) === values.target);
    const input = service
      ? { clientId: values.client, targetKind: "service", service, ...followUp }
      : { clientId: values.client, targetKind: values.target, target: values.description ?? "", ...followUp };
    await referClient(context.deps, context.actor, input);
    return [say("manager_card.referral.saved"), await clientCardMessage(context, values.client)];
  },
});

/** Other active managers of the tenant (by name). */
export async function managerOptions({ deps, actor }: Pick<FormContext, "deps" | "actor">): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const managers = await deps.store.managers.listByTenant(actor.tenantId);
  return managers
    .filter((m) => m.active && m.id !== actor.managerId)
    .sort((a, b) => a.name.localeCompare(b.name, "de"))
    .map((m) => ({ value: m.id, labelKey: "", label: m.name }));
}

/** Share the case with a colleague of the tenant, or stop sharing it: the colleague then sees and changes it too. */
export const shareForm = defineForm({
  id: "share",
  titleKey: "manager_card.share.title",
  schema: z.object({ client: z.string().min(1), manager: z.string().min(1), mode: z.enum(["share", "stop"]) }),
  allowed: isStaffManager,
  fields: [
    idField("client"),
    { name: "manager", type: "choice", promptKey: "manager_card.share.manager", labelKey: "manager_card.share.manager_label", options: managerOptions },
    {
      name: "mode",
      type: "choice",
      promptKey: "manager_card.share.mode",
      labelKey: "manager_card.share.mode_label",
      options: async () => [
        { value: "share", labelKey: "manager_card.share.share" },
        { value: "stop", labelKey: "manager_card.share.stop" },
      ],
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    await shareCase(context.deps, context.actor, { clientId: values.client, managerId: values.manager, share: values.mode === "share" });
    const colleague = (await context.deps.store.managers.get(values.manager))?.name ?? "";
    return [say(values.mode === "share" ? "manager_card.share.shared" : "manager_card.share.stopped", { colleague })];
  },
});

/** Hand the case over: new manager → keep me on the case? → optional note (Übergabe) → confirm. */
export const handoverForm = defineForm({
  id: "handover",
  titleKey: "manager_card.handover.title",
  schema: z.object({
    client: z.string().min(1),
    manager: z.string().min(1),
    keepShared: z.boolean(),
    note: skippable(z.string().trim().max(maxHandoverNoteLength)),
    confirm: z.boolean(),
  }),
  allowed: isStaffManager,
  fields: [
    idField("client"),
    { name: "manager", type: "choice", promptKey: "manager_card.handover.manager", labelKey: "manager_card.labels.handover_to", options: managerOptions },
    { name: "keepShared", type: "confirm", promptKey: "manager_card.handover.keep_shared", labelKey: "manager_card.labels.keep_shared" },
    {
      name: "note",
      type: "text",
      promptKey: "manager_card.handover.note",
      labelKey: "manager_card.labels.handover_note",
      optional: true,
      maxLength: maxHandoverNoteLength,
    },
    { name: "confirm", type: "confirm", promptKey: "manager_card.handover.confirm", labelKey: "manager_card.labels.handover_confirm" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const result = await handOverCase(context.deps, context.actor, {
      clientId: values.client,
      toManagerId: values.manager,
      keepPreviousAsShared: values.keepShared,
      ...(values.note ? { note: values.note } : {}),
    });
    const managerName = (await context.deps.store.managers.get(result.handover.toManagerId))?.name ?? "";
    return [say(result.clientNotified ? "manager_card.handover.done" : "manager_card.handover.done_not_told", { managerName })];
  },
});

const closeReasonKeys: Record<CaseCloseReason, string> = {
  goal_reached: "manager_card.close.reason.goal_reached",
  moved_away: "manager_card.close.reason.moved_away",
  declined_support: "manager_card.close.reason.declined_support",
  time_limit: "manager_card.close.reason.time_limit",
  other: "manager_card.close.reason.other",
};

/** Close the case with a reason, after a confirmation; pending messages to the client are cancelled. */
export const closeCaseForm = defineForm({
  id: "close",
  titleKey: "manager_card.close.title",
  schema: z.object({ client: z.string().min(1), reason: z.enum(caseCloseReasons), confirm: z.boolean() }),
  allowed: isStaffManager,
  fields: [
    idField("client"),
    {
      name: "reason",
      type: "choice",
      promptKey: "manager_card.close.reason_prompt",
      labelKey: "manager_card.labels.close_reason",
      options: async () => caseCloseReasons.map((r) => ({ value: r, labelKey: closeReasonKeys[r] })),
    },
    { name: "confirm", type: "confirm", promptKey: "manager_card.close.confirm", labelKey: "manager_card.labels.close_confirm" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    await closeCase(context.deps, context.actor, { clientId: values.client, reason: values.reason });
    return [say("manager_card.close.done"), await clientCardMessage(context, values.client)];
  },
});

/** Every form of the client card (registered in forms.ts). */
export const clientCardForms = [moveAppointmentForm, cancelAppointmentForm, assessmentForm, referralForm, handoverForm, shareForm, closeCaseForm];
