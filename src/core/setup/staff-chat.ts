import type { ChatContext } from "../chat/chat-context.ts";
import { say, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { listMunicipalities, type MunicipalityOverview } from "./list-municipalities.ts";
import { listStaff, type StaffMember } from "./list-staff.ts";
import { staffChangeButtons } from "./staff-forms.ts";
import { roleKeys } from "./staff-roles.ts";

/** Lines per message: a long team is split so that no message comes near Telegram's 4096 characters. */
const LINES_PER_MESSAGE = 30;

const memberLine = (member: StaffMember, index: number): TextPart => ({
  key: "manager_staff.line",
  params: {
    index: index + 1,
    name: member.name,
    role: { t: "key", key: roleKeys[member.role] },
    status: { t: "key", key: member.active ? "manager_staff.status.active" : "manager_staff.status.inactive" },
    qualification: member.qualification ?? ({ t: "key", key: "manager_staff.qualification_none" } satisfies MessageParam),
    primary: member.openCases.primary,
    shared: member.openCases.shared,
  },
});

/** The tenant's municipalities with their active staff and open cases (counts only), or that there are none. */
function municipalityParts(municipalities: MunicipalityOverview[]): TextPart[] {
  if (municipalities.length === 0) return [{ key: "manager_staff.municipalities_none" }];
  return [
    { key: "manager_staff.municipalities" },
    ...municipalities.map((m): TextPart => ({ key: "manager_staff.municipality", params: { name: m.name, managers: m.managers, openCases: m.openCases } })),
  ];
}

/**
 * `/staff` in the chat (supervisors and admins): the tenant's staff with role, qualification, active or not and open
 * cases (own and shared), and the team's qualification mix (Pakt für Integration: the Fachaufsicht sees the team's
 * composition). Counts only, no client names.
 */
export async function staffListReply(context: ChatContext): Promise<Outbound[]> {
  const { actor } = context;
  if (actor.kind !== "staff" || (actor.role !== "supervisor" && actor.role !== "admin")) return [say("manager_staff.refused")];
  const list = await listStaff(context.deps, actor, { tenantId: actor.tenantId });
  const lines = list.staff.map(memberLine);
  const mix: TextPart = { key: "manager_staff.mix", params: { ...list.qualificationMix } };
  const messages: Outbound[] = [];
  for (let start = 0; start < lines.length || messages.length === 0; start += LINES_PER_MESSAGE) {
    messages.push({
      parts: [...(start === 0 ? [{ key: "manager_staff.title", params: { tenant: list.tenantName } }] : []), ...lines.slice(start, start + LINES_PER_MESSAGE)],
    });
  }
  const municipalities = await listMunicipalities(context.deps, actor, { tenantId: actor.tenantId });
  const last = messages[messages.length - 1];
  last?.parts.push(mix, ...municipalityParts(municipalities));
  const buttons = staffChangeButtons(actor);
  if (last && buttons.length > 0) last.buttons = buttons;
  return messages;
}
