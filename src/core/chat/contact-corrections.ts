import { z } from "zod";
import { contactMoment } from "../contacts/contact-day.ts";
import { correctContact } from "../contacts/correct-contact.ts";
import { deleteContact } from "../contacts/delete-contact.ts";
import type { Contact } from "../contacts/model.ts";
import { canCorrectContact } from "../contacts/own-recent-contact.ts";
import { contactKinds, maxDurationMin, minDurationMin } from "../contacts/parse-quick-log.ts";
import { actionIdArg, defineAction, type Action } from "../dialog/action-codec.ts";
import { defineForm, type FormContext } from "../dialog/form.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Button, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { localParts } from "../shared/zoned-time.ts";
import { isDomainError } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import type { ChatContext } from "./chat-context.ts";
import { isStaffManager, kindKeys } from "./staff-options.ts";
import { contactDetailFields, dayOfField } from "./contact-fields.ts";

/** Correct a contact the manager logged (within a day). */
export const contactCorrectAction = defineAction("ctc", [actionIdArg]);
/** Delete a contact the manager logged (within a day): ask, yes, no. */
export const contactDeleteAction = defineAction("ctd", [actionIdArg, z.enum(["a", "y", "n"])]);

const correctionSchema = z.object({
  contact: z.string().min(1),
  kind: z.enum(contactKinds),
  areas: z.array(planAreaSchema).default([]),
  durationMin: z.coerce.number().int().min(minDurationMin).max(maxDurationMin),
  day: z.preprocess((value) => (value === "" ? undefined : value), z.iso.date().optional()),
  /** A chat confirms the corrected contact after its summary (a card submits it). */
  confirm: z.boolean().default(true),
});

const isSameLocalDay = (at: Date, day: { year: number; month: number; day: number }, zone: string): boolean => {
  const local = localParts(at, zone);
  return local.year === day.year && local.month === day.month && local.day === day.day;
};

/** The contact as it will be saved: kind, day, duration and areas, each line changeable before "yes". */
async function correctionSummary({ values, zone }: FormContext): Promise<TextPart[]> {
  const parsed = correctionSchema.safeParse(values);
  if (!parsed.success) return [];
  const { kind, areas, durationMin, day } = parsed.data;
  const items: MessageParam[] = areas.map((area) => ({ t: "key", key: `areas.${area}` }));
  return [
    {
      key: "manager.contact.correct_summary",
      params: {
        kind: { t: "key", key: kindKeys[kind] },
        day: day ? { t: "date", iso: day, zone } : "",
        minutes: durationMin,
        areas: items.length > 0 ? { t: "list", items } : { t: "key", key: "manager.contact.no_areas" },
      },
    },
  ];
}

/**
 * The correction: the contact as logged is filled in and read back (kind, day, duration, areas); "Ändern" gives one
 * of them anew, "Ja" saves. The note stays as it is.
 */
export const correctContactForm = defineForm({
  id: "confix",
  titleKey: "manager.contact.correct_title",
  schema: correctionSchema,
  allowed: isStaffManager,
  fields: [
    { name: "contact", type: "text", promptKey: "manager_card.form.which", maxLength: 26 },
    ...contactDetailFields,
    {
      name: "day",
      type: "date",
      promptKey: "manager.contact.correct_day",
      labelKey: "manager.labels.contact_day",
      emptyMeansKey: "manager.labels.contact_day_empty",
      optional: true,
      notAfterToday: true,
    },
    {
      name: "confirm",
      type: "confirm",
      promptKey: "manager.contact.correct_confirm",
      labelKey: "manager.labels.confirm_correction",
      summary: correctionSummary,
    },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const logged = await deps.store.contacts.get(values.contact);
    const day = dayOfField(values.day);
    // The day as logged keeps the contact's time; another day is that day's (noon, or now for today).
    const sameDay = logged && day && isSameLocalDay(logged.at, day, zone);
    const at = logged && (!day || sameDay) ? logged.at : contactMoment(day, deps.clock.now(), zone);
    const corrected = await correctContact(deps, actor, {
      contactId: values.contact,
      at: at.toISOString(),
      kind: values.kind,
      areas: values.areas,
      durationMin: values.durationMin,
    });
    return [
      say("manager.contact.corrected", {
        kind: { t: "key", key: kindKeys[corrected.kind] },
        day: { t: "date", iso: corrected.at.toISOString(), zone },
        minutes: corrected.durationMin,
      }),
    ];
  },
});

/** "Correct" and "delete" for a contact the manager may still change; none once the day has passed. */
export function contactCorrectionButtons(context: Pick<ChatContext, "actor" | "deps">, contact: Pick<Contact, "id" | "managerId" | "createdAt">): Button[][] {
  if (!canCorrectContact(context.actor, contact, context.deps.clock.now())) return [];
  return [
    [
      { labelKey: "manager.contact.correct_button", data: contactCorrectAction.encode(contact.id) },
      { labelKey: "manager.contact.delete_button", data: contactDeleteAction.encode(contact.id, "a") },
    ],
  ];
}

/** A tap on a contact's "correct" or "delete": the form, the question, or what was done. Null when not theirs. */
export async function routeContactCorrection(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const correct = contactCorrectAction.match(action);
  const remove = contactDeleteAction.match(action);
  if (!correct && !remove) return null;
  try {
    if (correct) return await startCorrection(context, correct[0]);
    if (remove) return await answerDelete(context, remove[0], remove[1]);
  } catch (error) {
    if (isDomainError(error) && error.code === "conflict") return [say("manager.contact.too_late")];
    throw error;
  }
  return null;
}

async function startCorrection(context: ChatContext, contactId: string): Promise<Outbound[]> {
  const contact = await context.deps.store.contacts.get(contactId);
  if (!contact) return [say("dialog.stale")];
  if (!canCorrectContact(context.actor, contact, context.deps.clock.now())) return [say("manager.contact.too_late")];
  const { year, month, day } = localParts(contact.at, context.zone);
  const logged = {
    kind: contact.kind,
    areas: [...contact.areas],
    durationMin: contact.durationMin,
    day: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  };
  return startForm(context, correctContactForm, { contact: contactId }, logged);
}

async function answerDelete(context: ChatContext, contactId: string, answer: "a" | "y" | "n"): Promise<Outbound[]> {
  if (answer === "n") return [say("dialog.cancelled")];
  const contact = await context.deps.store.contacts.get(contactId);
  if (!contact) return [say("dialog.stale")];
  const params = { kind: { t: "key" as const, key: kindKeys[contact.kind] }, day: { t: "date" as const, iso: contact.at.toISOString(), zone: context.zone } };
  if (answer === "a") {
    if (!canCorrectContact(context.actor, contact, context.deps.clock.now())) return [say("manager.contact.too_late")];
    const buttons: Button[][] = [
      [
        { labelKey: "manager.contact.delete_yes", data: contactDeleteAction.encode(contactId, "y") },
        { labelKey: "dialog.button.no", data: contactDeleteAction.encode(contactId, "n") },
      ],
    ];
    return [{ parts: [{ key: "manager.contact.delete_confirm", params }], buttons }];
  }
  await deleteContact(context.deps, context.actor, { contactId });
  return [say("manager.contact.deleted", params)];
}
