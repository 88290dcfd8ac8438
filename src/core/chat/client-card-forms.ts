import { shareCase } from "../cases/share-case.ts";
import { z } from "zod";
import { cancelAppointment } from "../appointments/cancel-appointment.ts";
import { moveAppointment } from "../appointments/move-appointment.ts";
import { caseCloseReasons, closeCase, type CaseCloseReason } from "../cases/close-case.ts";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Outbound, type TextPart } from "../dialog/messages.ts";
import { handOverCase } from "../handover/hand-over-case.ts";
import { maxHandoverNoteLength } from "../handover/model.ts";
import { maxAgencyLength, recordEarlierSocialWork } from "../handover/record-earlier-social-work.ts";
import { regularServices, type RegularService } from "../referrals/model.ts";
import { referClient } from "../referrals/refer-client.ts";
import { labelSchema } from "../shared/values.ts";
import { assessmentForm } from "./assessment-form.ts";
import { clientCardMessage } from "./client-card.ts";
import { isStaffManager, kindKeys } from "./staff-options.ts";

/** A skipped optional answer arrives as "" (or not at all): both mean "not given". */
const skippable = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The client or appointment is given by the card's button (a text field, so a whole-form channel can send it too). */
const idField = (name: string) => ({ name, type: "text", promptKey: "manager_card.form.which", maxLength: 26 }) as const;

/** Which appointment a move or a cancellation is about: when, where, what, with whom (read back above the question). */
async function appointmentAbout({ deps, values, zone }: FormContext): Promise<TextPart[]> {
  const appointment = typeof values.appointment === "string" ? await deps.store.appointments.get(values.appointment) : null;
  if (!appointment) return [];
  const clients = await deps.store.clients.getMany(appointment.clientIds);
  return [
    {
      key: "manager_card.appointment_about",
      params: {
        startsAt: { t: "datetime", iso: appointment.startsAt.toISOString(), zone },
        place: appointment.place,
        kind: { t: "key", key: kindKeys[appointment.kind] },
        clients: clients.map((client) => client.name).join(", "),
      },
    },
  ];
}

/** Move an appointment from the card or an escalation: the new date and time, typed naturally; the client is told. */
export const moveAppointmentForm = defineForm({
  id: "apmove",
  titleKey: "manager_card.move.title",
  schema: z.object({ appointment: z.string().min(1), startsAt: z.iso.datetime() }),
  allowed: isStaffManager,
  fields: [
    idField("appointment"),
    { name: "startsAt", type: "datetime", promptKey: "manager_card.move.starts_at", labelKey: "manager_card.labels.new_time", summary: appointmentAbout },
  ],
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
    {
      name: "confirm",
      type: "confirm",
      promptKey: "manager_card.cancel.confirm",
      labelKey: "manager_card.labels.cancel_confirm",
      summary: appointmentAbout,
      summaryOnly: true,
    },
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

/** A service's name for staff (the same texts name it in the outbox's referral questions). */
export const serviceKeys = Object.fromEntries(regularServices.map((service) => [service, `manager_referrals.service.${service}`])) as Record<
  RegularService,
  string
>;

/** Option values fit a button: services by their index in `regularServices` ("s0" …), then a local offer and a volunteer. */
const serviceValue = (index: number) => `s${index}`;
/** "Other" comes last among the services, after those added to the list later. */
const listedServices = [...regularServices.filter((s) => s !== "other"), "other" as const];
const targetOptions = async (): Promise<FieldOption[]> => [
  ...listedServices.map((service) => ({ value: serviceValue(regularServices.indexOf(service)), labelKey: serviceKeys[service] })),
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
    target: z.string().regex(/^(s\d{1,2}|offer|volunteer)$/),
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
    {
      name: "followUpAt",
      type: "datetime",
      promptKey: "manager_card.referral.follow_up",
      labelKey: "manager_card.labels.follow_up",
      optional: true,
      // Like the follow-up planned when an offer is shared: 10:00 on the day.
      dayAloneAt: "10:00",
    },
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

/**
 * What the earlier refugee social work (Flüchtlingssozialarbeit) handed over when the case came to integration
 * management: the agency, the day of the handover conversation and, optionally, a summary (sealed, behind a button).
 */
export const earlierWorkForm = defineForm({
  id: "earlier",
  titleKey: "manager_card.earlier_work.title",
  schema: z.object({
    client: z.string().min(1),
    agency: z.string().trim().min(1).max(maxAgencyLength),
    handedOverOn: z.iso.date(),
    summary: skippable(z.string().trim().max(maxHandoverNoteLength)),
  }),
  allowed: isStaffManager,
  fields: [
    idField("client"),
    { name: "agency", type: "text", promptKey: "manager_card.earlier_work.agency", labelKey: "manager_card.labels.earlier_agency", maxLength: maxAgencyLength },
    { name: "handedOverOn", type: "date", promptKey: "manager_card.earlier_work.day", labelKey: "manager_card.labels.earlier_day", notAfterToday: true },
    {
      name: "summary",
      type: "text",
      promptKey: "manager_card.earlier_work.summary",
      labelKey: "manager_card.labels.earlier_summary",
      optional: true,
      maxLength: maxHandoverNoteLength,
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    await recordEarlierSocialWork(context.deps, context.actor, {
      clientId: values.client,
      agency: values.agency,
      handedOverOn: values.handedOverOn,
      ...(values.summary ? { summary: values.summary } : {}),
    });
    return [say("manager_card.earlier_work.saved"), await clientCardMessage(context, values.client)];
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
export const clientCardForms = [
  moveAppointmentForm,
  cancelAppointmentForm,
  assessmentForm,
  referralForm,
  handoverForm,
  shareForm,
  earlierWorkForm,
  closeCaseForm,
];
