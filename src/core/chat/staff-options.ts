import type { AppointmentKind } from "../appointments/model.ts";
import { findClients } from "../cases/find-clients.ts";
import type { ContactKind } from "../contacts/parse-quick-log.ts";
import type { FieldOption, FormContext } from "../dialog/form.ts";
import { planAreas } from "../plans/areas.ts";

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

/** The most clients a picker offers (a caseload is 100–140 people; an admin's picker is the tenant's first 500). */
const maxCaseload = 500;

/**
 * The open clients of the caseload as options with their names: those with the most recent contact first, then
 * alphabetically. Two reads for the whole caseload: the clients, and their latest contact times (which only order
 * the options and are not shown). A chat shows the first ones as buttons and finds the others by a typed name; a
 * card lists them all.
 */
export async function caseloadOptions({ deps, actor }: FormContext): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const { clients } = await findClients(deps, actor, { status: "open", pageSize: maxCaseload });
  const latest = await deps.store.contacts.latestTimes(clients.map((client) => client.id));
  const at = (id: string) => latest.get(id)?.getTime() ?? 0;
  const ordered = [...clients].sort((a, b) => at(b.id) - at(a.id) || a.name.localeCompare(b.name, "de"));
  return ordered.map((client) => ({ value: client.id, labelKey: "", label: client.name }));
}

export const isStaffManager = (actor: FormContext["actor"]) => actor.kind === "staff" && (actor.role === "manager" || actor.role === "admin");
