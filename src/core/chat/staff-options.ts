import type { AppointmentKind } from "../appointments/model.ts";
import { findClients } from "../cases/find-clients.ts";
import type { ContactKind } from "../contacts/parse-quick-log.ts";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { planAreas } from "../plans/areas.ts";

/** How many clients a pick-a-client question shows as buttons (the rest are found by typing a name). */
export const maxClientOptions = 20;

/** Labels of appointment and contact kinds (literal keys, so the i18n check sees them). */
export const kindKeys: Record<AppointmentKind | ContactKind, string> = {
  counselling: "manager.kind.counselling",
  home_visit: "manager.kind.home_visit",
  office: "manager.kind.office",
  authority_accompaniment: "manager.kind.authority_accompaniment",
  plan_review: "manager.kind.plan_review",
  phone: "manager.kind.phone",
  video: "manager.kind.video",
  other: "manager.kind.other",
  messenger: "manager.kind.messenger",
  accompaniment: "manager.kind.accompaniment",
};

export const kindOptions = (kinds: readonly (AppointmentKind | ContactKind)[]): FieldOption[] =>
  kinds.map((kind) => ({ value: kind, labelKey: kindKeys[kind] }));

export const areaOptions = (): FieldOption[] => planAreas.map((area) => ({ value: area, labelKey: `areas.${area}` }));

/**
 * The open clients of the caseload as options with their names: those with the most recent contact first, then
 * alphabetically; at most `maxClientOptions`. The contact times only order the buttons and are not shown.
 */
export async function caseloadOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const page = await findClients(deps, actor, { status: "open", pageSize: 50 });
  const withLatest = await Promise.all(
    page.clients.map(async (client) => ({ client, latest: (await deps.store.contacts.latestForClient(client.id))?.at.getTime() ?? 0 })),
  );
  withLatest.sort((a, b) => b.latest - a.latest || a.client.name.localeCompare(b.client.name, "de"));
  return withLatest.slice(0, maxClientOptions).map(({ client }) => ({ value: client.id, labelKey: "", label: client.name }));
}

export const isStaffManager = (actor: FormContext["actor"]) => actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin");
