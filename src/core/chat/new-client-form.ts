import { z } from "zod";
import { createClient } from "../cases/create-client.ts";
import { genders } from "../cases/model.ts";
import { startForm } from "../dialog/form-runner.ts";
import { defineForm, type FieldOption, type FormContext } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { clientLanguages, languageOwnNames } from "../shared/languages.ts";
import { zonedLocalToUtc } from "../shared/zoned-time.ts";
import type { ChatContext } from "./chat-context.ts";
import { inviteMessages } from "./invite-form.ts";

/** The household choice for a new one, and the municipality choice for "none of them". */
const newHousehold = "new";
const noMunicipality = "none";

const newClientSchema = z.object({
  name: z.string().min(1).max(120),
  language: z.enum(clientLanguages),
  gender: z.enum(genders),
  household: z.string().min(1),
  municipality: z.string().min(1).optional(),
  ownPhone: z.boolean(),
  /** Start of follow-up housing (Anschlussunterbringung), "YYYY-MM-DD"; left out: today. */
  startedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export const genderKeys: Record<(typeof genders)[number], string> = {
  female: "manager.newclient.gender_female",
  male: "manager.newclient.gender_male",
  diverse: "manager.newclient.gender_diverse",
  not_stated: "manager.newclient.gender_not_stated",
};

/** A new household, or one of the households of the manager's caseload (a family member joins it). */
async function householdOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const { clients } = await deps.store.clients.search({ tenantId: actor.tenantId, managerId: actor.managerId, status: "open", limit: 500 });
  const members = new Map<string, string[]>();
  for (const client of clients) members.set(client.householdId, [...(members.get(client.householdId) ?? []), client.name]);
  const families = [...members.entries()]
    .map(([id, names]) => ({ value: id, labelKey: "manager.newclient.household_join", labelParams: { names: names.sort().join(", ") } }))
    .sort((a, b) => a.labelParams.names.localeCompare(b.labelParams.names, "de"));
  return [{ value: newHousehold, labelKey: "manager.newclient.household_new" }, ...families];
}

/** The tenant's municipalities by name, and "none" (a client living elsewhere, or not known yet). */
/** The tenant's municipalities, the manager's own first (preselected: the first button, the card's default), then by name. */
async function municipalityOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const own = new Set((await deps.store.managers.get(actor.managerId))?.municipalityIds ?? []);
  const municipalities = (await deps.store.municipalities.listByTenant(actor.tenantId)).sort(
    (a, b) => Number(own.has(b.id)) - Number(own.has(a.id)) || a.name.localeCompare(b.name, "de"),
  );
  return [
    ...municipalities.map((m) => ({ value: m.id, labelKey: "", label: m.name })),
    { value: noMunicipality, labelKey: "manager.newclient.municipality_none" },
  ];
}

/** Midnight of a local day in the tenant's zone: the start of follow-up housing (and of the counselling period). */
function startOf(day: string | undefined, zone: string): Date | undefined {
  if (!day) return undefined;
  const [year, month, date] = day.split("-").map(Number);
  return zonedLocalToUtc({ year: year ?? 0, month: month ?? 0, day: date ?? 0, hour: 0, minute: 0 }, zone);
}

/**
 * /newclient: name, language, gender, household (new, or a family of the caseload), municipality (for a new household;
 * preselected when the manager works in one), whether the person has a phone of their own (an invite, else a household
 * member such as a child) and the start of follow-up housing (today when skipped): the client, their case and, with a
 * phone, an invite (deep link and QR code).
 */
export const newClientForm = defineForm({
  id: "newcli",
  titleKey: "manager.newclient.title",
  schema: newClientSchema,
  allowed: (actor) => actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin"),
  fields: [
    { name: "name", type: "text", promptKey: "manager.newclient.name", labelKey: "manager.labels.name", maxLength: 120 },
    {
      name: "language",
      type: "choice",
      promptKey: "manager.newclient.language",
      labelKey: "manager.labels.language",
      options: async () => clientLanguages.map((code) => ({ value: code, labelKey: "", label: languageOwnNames[code] })),
    },
    {
      name: "gender",
      type: "choice",
      promptKey: "manager.newclient.gender",
      labelKey: "manager.newclient.gender_label",
      options: async () => genders.map((gender) => ({ value: gender, labelKey: genderKeys[gender] })),
    },
    { name: "household", type: "choice", promptKey: "manager.newclient.household", labelKey: "manager.newclient.household_label", options: householdOptions },
    {
      name: "municipality",
      type: "choice",
      promptKey: "manager.newclient.municipality",
      labelKey: "manager.newclient.municipality_label",
      options: municipalityOptions,
      when: (values) => values.household === newHousehold,
    },
    { name: "ownPhone", type: "confirm", promptKey: "manager.newclient.own_phone", labelKey: "manager.newclient.own_phone_label" },
    { name: "startedOn", type: "date", promptKey: "manager.newclient.started_on", labelKey: "manager.newclient.started_on_label", optional: true },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    const caseStartedAt = startOf(values.startedOn, zone);
    const created = await createClient(deps, actor, {
      name: values.name,
      language: values.language,
      gender: values.gender,
      // A family member joins the household, and with it its municipality.
      ...(values.household === newHousehold ? {} : { householdId: values.household }),
      ...(values.household === newHousehold && values.municipality && values.municipality !== noMunicipality ? { municipalityId: values.municipality } : {}),
      ...(caseStartedAt ? { caseStartedAt } : {}),
    });
    // A household member without a phone of their own (a child): no invite shown; "Neu einladen" on the card later.
    if (!values.ownPhone) return [say("manager.newclient.created_without_phone", { name: created.client.name, household: created.household.label })];
    const invite = { name: created.client.name, code: created.invite.code, expiresAt: created.invite.expiresAt };
    return inviteMessages({ deps, zone }, { link: "manager.newclient.created_link", code: "manager.newclient.created" }, invite);
  },
});

/**
 * /newclient with what is known beforehand: the municipality when the tenant has only the one the manager works in
 * (or none); with others to choose from it is asked, the manager's own first. And a new household when the caseload
 * has none to join.
 */
export async function startNewClient(context: ChatContext): Promise<Outbound[]> {
  const prefill: Record<string, string> = {};
  if ("manager" in context.identified) {
    const manager = context.identified.manager;
    const own = manager.municipalityIds;
    const all = await context.deps.store.municipalities.listByTenant(manager.tenantId);
    if (own.length === 1 && own[0] && all.length === 1) prefill.municipality = own[0];
    else if (all.length === 0) prefill.municipality = noMunicipality;
    const caseload = await context.deps.store.clients.search({ tenantId: manager.tenantId, managerId: manager.id, status: "open", limit: 1 });
    if (caseload.total === 0) prefill.household = newHousehold;
  }
  return startForm(context, newClientForm, prefill);
}
